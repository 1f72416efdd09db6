"""The workbench pages for cases: thin — parse a form, call a service, show the outcome."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.views.decorators.http import require_POST

from zhifa.core.errors import ConflictError
from zhifa.core.feedback import add_errors, run_service

from . import engine, forms, permissions, selectors, services, timeline
from .models import Case

# What other apps show on the case page, when installed (documents, evidence, case file, supervision).
CASE_PANELS = ("review/_case_review.html", "documents/_case_documents.html", "evidence/_case_evidence.html",
               "casefiles/_case_file.html", "disclosure/_case_panel.html", "supervision/_case_supervision.html")


def _panels():
    found = []
    for name in CASE_PANELS:
        try:
            select_template([name])
        except Exception:  # noqa: BLE001 - a panel whose app has not provided it yet is simply not shown
            continue
        found.append(name)
    return found


@login_required
def case_list(request):
    if request.user.role not in selectors.CASE_READERS:
        raise PermissionDenied("只有执法机关工作人员可以查看案件")
    filters = forms.CaseFilterForm(request.GET or None)
    values = filters.cleaned_data if filters.is_valid() else {}
    queryset = selectors.workbench_cases(
        request.user, q=values.get("q", ""), status=values.get("status", ""), mine=values.get("mine", False)
    )
    page = Paginator(queryset, 30).get_page(request.GET.get("page"))
    rows = [(case, selectors.deadline(case)) for case in page]
    approvals, suspensions = selectors.pending_approvals(request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "cases/list.html", {
        "filters": filters, "page": page, "rows": rows, "query": query.urlencode(),
        "approvals": approvals, "suspensions": suspensions,
        "can_register": request.user.role in permissions.HANDLING_ROLES,
    })


@login_required
def lead_new(request):
    if not permissions.can_register_lead(request.user, request.user.agency):
        raise PermissionDenied("只有本机关执法人员和负责人可以登记案源")
    form = forms.LeadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        try:
            case = services.register_lead(request.user, data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"案源{case.lead.number}已登记")
            return redirect("cases:detail", case.pk)
    return render(request, "cases/form.html", {"form": form, "title": "登记案源", "submit": "登记"})


def _case_context(request, case, **extra):
    user = request.user
    checks = engine.checks(case, actor=user) if not case.is_read_only else []
    can_handle = permissions.can_handle(user, case)
    context = {
        "case": case,
        "deadline": selectors.deadline(case),
        "parties": [link.party for link in case.case_parties.select_related("party")],
        "officers": case.case_officers.filter(released_at__isnull=True).select_related("person"),
        "released": case.case_officers.filter(released_at__isnull=False).select_related("person"),
        "recusals": case.recusals.select_related("person"),
        "checks": checks,
        "approvals": case.approvals.select_related("requested_by", "decided_by"),
        "suspensions": case.suspensions.select_related("requested_by", "decided_by"),
        "events": case.events.all(),
        "discussions": case.discussions.all(),
        "visits": case.visits.all(),
        "entries": [(e, timeline.label(e.kind), timeline.summary(e)) for e in selectors.timeline(case)],
        "can_handle": can_handle and not case.is_read_only,
        "can_approve": permissions.can_approve(user, case) and not case.is_read_only,
        "is_officer": permissions.is_handling_officer(user, case),
        "panels": _panels(),
        "transition_form": forms.TransitionForm(initial={"version": case.version}),
        "event_form": forms.EventForm(initial={"version": case.version}),
        "suspension_form": forms.SuspensionForm(initial={"version": case.version}),
        "recusal_form": forms.RecusalForm(initial={"version": case.version}),
    }
    context.update(extra)
    return context


@login_required
def case_detail(request, pk):
    case = selectors.get_case(request.user, pk)
    return render(request, "cases/detail.html", _case_context(request, case))


def _act(request, case, action, success: str):
    """Run a service for a POSTed case form; a refusal is shown on the case page, never a 500."""
    try:
        action()
    except ConflictError as exc:
        messages.error(request, exc.message)
    except services.TransitionRefused as exc:
        messages.error(request, exc.messages[0])
    except ValidationError as exc:
        messages.error(request, "；".join(_messages(exc)))
    else:
        messages.success(request, success)
    return redirect("cases:detail", case.pk)


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [f"{FIELD_LABELS.get(field, field)}：{m}" if field != "__all__" else m
                for field, errors in exc.message_dict.items() for m in errors]
    return exc.messages


DENIED = {
    permissions.can_approve: "只有本机关负责人可以审批",
    permissions.is_handling_officer: "只有本案办案人员可以作出回避声明",
}

FIELD_LABELS = {
    "to": "流转", "reason": "理由", "comment": "意见", "officers": "办案人员", "statement": "声明内容",
    "days": "延长天数", "kind": "事项", "amount": "金额", "occurred_on": "发生日期", "version": "版本",
}


def _post(request, case, form_class, call, success, allowed=permissions.can_handle):
    """Check who may act, parse a small form posted from the case page and run ``call(cleaned_data)``."""
    if not allowed(request.user, case):
        raise PermissionDenied(DENIED.get(allowed, "只有本案办案人员或本机关负责人可以办理"))
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(f"{form[f].label if f in form.fields else ''}：{m}".lstrip("：")
                                         for f, errors in form.errors.items() for m in errors))
        return redirect("cases:detail", case.pk)
    return _act(request, case, lambda: call(form.cleaned_data), success)


@login_required
@require_POST
def transition(request, pk):
    case = selectors.get_case(request.user, pk)
    return _post(request, case, forms.TransitionForm, lambda data: services.transition(
        request.user, case, data["to"], version=data["version"], comment=data["comment"]), "已流转")


@login_required
@require_POST
def approval_request(request, pk):
    case = selectors.get_case(request.user, pk)
    return _post(request, case, forms.ApprovalRequestForm, lambda data: services.request_approval(
        request.user, case, data["to"], reason=data["reason"], version=data["version"]), "已报请负责人审批")


@login_required
@require_POST
def approval_decide(request, pk):
    approval = selectors.get_approval(request.user, pk)
    return _post(request, approval.case, forms.DecisionForm, lambda data: services.decide_approval(
        request.user, approval, approve=data["approve"], comment=data["comment"]), "审批意见已记录",
        allowed=permissions.can_approve)


@login_required
@require_POST
def suspension_request(request, pk):
    case = selectors.get_case(request.user, pk)
    return _post(request, case, forms.SuspensionForm, lambda data: services.request_suspension(
        request.user, case, kind=data["kind"], reason=data["reason"], days=data["days"], version=data["version"]),
        "申请已提交负责人审批")


@login_required
@require_POST
def suspension_decide(request, pk):
    suspension = selectors.get_suspension(request.user, pk)
    return _post(request, suspension.case, forms.DecisionForm, lambda data: services.decide_suspension(
        request.user, suspension, approve=data["approve"], comment=data["comment"]), "审批意见已记录",
        allowed=permissions.can_approve)


@login_required
@require_POST
def event(request, pk):
    case = selectors.get_case(request.user, pk)
    return _post(request, case, forms.EventForm, lambda data: services.record_event(
        request.user, case, kind=data["kind"], occurred_on=data["occurred_on"], amount=data["amount"],
        note=data["note"], version=data["version"]), "已登记")


@login_required
@require_POST
def recusal(request, pk):
    case = selectors.get_case(request.user, pk)
    return _post(request, case, forms.RecusalForm, lambda data: services.declare_recusal(
        request.user, case, has_interest=data["has_interest"], statement=data["statement"], version=data["version"]),
        "回避声明已记录", allowed=permissions.is_handling_officer)


def _case_form_page(request, case, form, *, title, save, success, submit="保存"):
    """A full-page form about a case: on POST call ``save(cleaned_data)``; errors stay on the form."""
    if not permissions.can_handle(request.user, case) and not permissions.can_approve(request.user, case):
        raise PermissionDenied("只有本案办案人员或本机关负责人可以办理")
    if case.is_read_only:
        raise PermissionDenied(f"案件已{case.get_status_display()}，不能再修改")
    if request.method == "POST" and form.is_valid():
        if run_service(request, lambda: save(form.cleaned_data), success, form):
            return redirect("cases:detail", case.pk)
    return render(request, "cases/form.html", {"form": form, "case": case, "title": title, "submit": submit})


@login_required
def case_edit(request, pk):
    case = selectors.get_case(request.user, pk)
    form = forms.CaseForm(request.POST or None, instance=Case.objects.get(pk=case.pk))

    def save(data):
        version = data.get("version")
        services.update_case(request.user, case, {k: data[k] for k in forms.CaseForm.Meta.fields}, version=version)

    return _case_form_page(request, case, form, title="案件信息", save=save, success="案件信息已保存")


@login_required
def party_add(request, pk):
    case = selectors.get_case(request.user, pk)
    form = forms.PartyForm(request.POST or None, initial={"version": case.version})

    def save(data):
        version = data.pop("version", None)
        services.add_party(request.user, case, data, version=version)

    return _case_form_page(request, case, form, title="登记当事人", save=save, success="当事人已登记")


@login_required
def officers(request, pk):
    case = selectors.get_case(request.user, pk)
    current = [link.person for link in case.case_officers.filter(released_at__isnull=True)]
    lead = next((link.person for link in case.case_officers.filter(released_at__isnull=True, is_lead=True)), None)
    form = forms.OfficersForm(request.POST or None, case=case,
                              initial={"version": case.version, "officers": current, "lead": lead})

    def save(data):
        services.assign_officers(request.user, case, list(data["officers"]), lead=data["lead"], version=data["version"])

    return _case_form_page(request, case, form, title="指派办案人员", save=save, success="办案人员已指派")


@login_required
def discussion(request, pk):
    case = selectors.get_case(request.user, pk)
    if not permissions.can_approve(request.user, case):
        raise PermissionDenied("集体讨论由本机关负责人组织并记录")
    form = forms.DiscussionForm(request.POST or None, initial={"version": case.version})

    def save(data):
        version = data.pop("version", None)
        services.record_discussion(request.user, case, data, version=version)

    return _case_form_page(request, case, form, title="记录集体讨论", save=save, success="集体讨论已记录")


@login_required
def party_detail(request, pk):
    """R6: one party and every case of it in the agency."""
    party = selectors.get_party(request.user, pk)
    cases = selectors.party_cases(request.user, party)
    return render(request, "cases/party.html", {"party": party, "cases": cases})
