"""The clerk's pages (公示管理): decisions to publish, the masked copy, exceptions, withdrawals, rules, boards.

Thin: parse a form, call a service, show the outcome. Reads go through :mod:`.selectors` (scoped).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhifa.core.errors import ConflictError
from zhifa.core.feedback import add_errors
from zhifa.organizations.selectors import agencies as scoped_agencies

from . import masking, permissions, selectors, services
from .forms import BoardForm, MaskForm, PolicyForm, WithdrawalForm, WithholdForm
from .models import Disclosure
from .policy import policy_for


def _readable(request):
    if request.user.role not in permissions.READERS:
        raise PermissionDenied("只有公示管理员、机关负责人和执法监督人员可以查看公示管理")


@login_required
def disclosure_list(request):
    _readable(request)
    status, due, q = request.GET.get("status", ""), request.GET.get("due", ""), request.GET.get("q", "")[:100]
    if status and status not in Disclosure.Status.values:
        status = ""
    page = Paginator(selectors.disclosures(request.user, status=status, due=due, q=q), 30).get_page(
        request.GET.get("page"))
    rows = [(d, selectors.timeliness(d)) for d in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "disclosure/staff/list.html", {
        "page": page, "rows": rows, "statuses": Disclosure.Status.choices, "status": status, "due": due, "q": q,
        "counts": selectors.counts(request.user), "query": query.urlencode(),
        "manager": request.user.role in permissions.MANAGERS,
    })


def _review_context(request, disclosure, **forms):
    spans, people, options, policy = services.prepare(disclosure)
    masked_or_kept = {s.original for s in spans} | set(people.keep)
    manager = permissions.can_manage(request.user, disclosure.agency)
    context = {
        "disclosure": disclosure, "timeliness": selectors.timeliness(disclosure), "spans": spans,
        "segments": _segments(disclosure.source_text, spans), "masked": masking.apply(disclosure.source_text, spans),
        "suggestions": masking.name_suggestions(disclosure.source_text, masked_or_kept)
        if disclosure.is_open and manager else [],
        "people": people, "policy": policy, "manager": manager,
        "publication": getattr(disclosure, "publication", None) if disclosure.status != "pending" else None,
        "mask_form": MaskForm(initial={"extra_masks": "\n".join(disclosure.extra_masks),
                                       "keep_terms": "\n".join(disclosure.keep_terms), "version": disclosure.version}),
        "withhold_form": WithholdForm(initial={"version": disclosure.version}),
        "withdrawal_form": WithdrawalForm(initial={"version": disclosure.version}),
    }
    context.update(forms)
    return context


def _segments(text, spans):
    """The source text cut into plain runs and masked spans, for highlighting in the template."""
    out, position = [], 0
    for span in spans:
        out.append((text[position:span.start], None))
        out.append((span.original, span))
        position = span.end
    out.append((text[position:], None))
    return out


@login_required
def disclosure_detail(request, pk):
    _readable(request)
    disclosure = selectors.get_disclosure(request.user, pk)
    return render(request, "disclosure/staff/detail.html", _review_context(request, disclosure))


def _act(request, disclosure, action, success):
    try:
        action()
    except ConflictError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect("publication:detail", disclosure.pk)


def _manageable(request, pk):
    disclosure = selectors.get_disclosure(request.user, pk)
    if not permissions.can_manage(request.user, disclosure.agency):
        raise PermissionDenied("只有本机关公示管理员或机关负责人可以办理")
    return disclosure


@login_required
@require_POST
def publish(request, pk):
    disclosure = _manageable(request, pk)
    return _act(request, disclosure, lambda: services.publish(request.user, disclosure,
                                                                version=request.POST.get("version")),
                "已发布公示，公众现在可以在公示平台查看脱敏后的决定")


@login_required
@require_POST
def masks(request, pk):
    disclosure = _manageable(request, pk)
    form = MaskForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请检查填写的词语")
        return redirect("publication:detail", pk)
    return _act(request, disclosure, lambda: services.set_masks(
        request.user, disclosure, extra_masks=form.cleaned_data["extra_masks"],
        keep_terms=form.cleaned_data["keep_terms"], version=form.cleaned_data["version"]), "已更新遮蔽设置")


def _form_action(request, pk, form_class, call, success, form_name):
    disclosure = _manageable(request, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(disclosure, form.cleaned_data)
        except ConflictError as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect("publication:detail", pk)
    return render(request, "disclosure/staff/detail.html",
                  _review_context(request, selectors.get_disclosure(request.user, pk), **{form_name: form}),
                  status=400)


@login_required
@require_POST
def withhold(request, pk):
    return _form_action(request, pk, WithholdForm, lambda d, data: services.withhold(
        request.user, d, kind=data["kind"], reason=data["reason"], version=data["version"]),
        "已记录不予公示的情形和理由", "withhold_form")


@login_required
@require_POST
def withdrawal(request, pk):
    return _form_action(request, pk, WithdrawalForm, lambda d, data: services.open_withdrawal(
        request.user, d, kind=data["kind"], reason=data["reason"], occurred_on=data["occurred_on"],
        withdraw_now=data["withdraw_now"], version=data["version"]),
        "已登记撤下事由", "withdrawal_form")


@login_required
@require_POST
def withdraw(request, pk):
    disclosure = _manageable(request, pk)
    return _act(request, disclosure, lambda: services.withdraw(request.user, disclosure,
                                                                 version=request.POST.get("version")),
                "已从公示平台撤下，并公开撤下理由")


# Policy -------------------------------------------------------------------------------------------


def _policy_agency(request):
    """The agency whose rules are edited: one's own, or (administrator) one chosen in the region."""
    user = request.user
    if not (request.user.role in permissions.READERS or request.user.role == "admin"):
        raise PermissionDenied("您无权查看公示规则")
    choices = scoped_agencies(user)
    agency_id = request.GET.get("agency") or request.POST.get("agency") or user.agency_id
    agency = choices.filter(pk=agency_id).first() if str(agency_id or "").isdigit() else None
    if agency is None:
        agency = choices.first()
    if agency is None:
        raise Http404("没有可设置的执法主体")
    return agency, choices


@login_required
def policy(request):
    agency, choices = _policy_agency(request)
    editable = permissions.can_configure(request.user, agency)
    current = policy_for(agency)
    form = PolicyForm(request.POST or None, instance=current,
                      initial={"version": current.version, "masked_categories": current.masked_categories})
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("只有本机关负责人或本区域系统管理员可以设置公示规则")
        if form.is_valid():
            try:
                services.save_policy(request.user, agency, form.service_data(), version=form.cleaned_data["version"])
            except ConflictError as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, f"已保存{agency.name}的公示规则")
                return redirect(f"{request.path}?agency={agency.pk}")
    return render(request, "disclosure/staff/policy.html", {
        "form": form, "agency": agency, "choices": choices, "editable": editable, "saved": bool(current.pk),
    }, status=400 if request.method == "POST" else 200)


# Post information boards -------------------------------------------------------------------------


@login_required
def board_list(request):
    _readable(request)
    return render(request, "disclosure/staff/boards.html", {
        "boards": selectors.boards(request.user), "can_add": request.user.role in permissions.MANAGERS,
    })


@login_required
def board_edit(request, pk=None):
    if pk is not None:
        board = selectors.get_board(request.user, pk)
        agency = board.agency
    else:
        _readable(request)
        board, agency = None, request.user.agency
    if not permissions.can_manage(request.user, agency):
        raise PermissionDenied("只有本机关公示管理员或机关负责人可以维护岗位信息公示牌")
    form = BoardForm(request.POST or None, instance=board, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_board(request.user, agency, form.service_data(), board=board,
                                        people=list(form.cleaned_data["people"]), version=form.cleaned_data["version"])
        except ConflictError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"已保存岗位信息公示牌“{saved.name}”")
            return redirect("publication:boards")
    return render(request, "disclosure/staff/board_form.html", {"form": form, "board": board},
                  status=400 if request.method == "POST" else 200)
