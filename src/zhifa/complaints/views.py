"""Complaint pages: the public form and progress lookup (portal), the agency's queue (workbench)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhifa.cases import permissions as case_permissions
from zhifa.core.errors import ConflictError
from zhifa.core.feedback import add_errors

from . import guard, selectors, services
from .forms import AnswerForm, ComplaintForm, ProgressForm, RegisterForm, RejectForm
from .models import Complaint


def filing_limit() -> tuple[int, int]:
    return settings.ZHIFA.get("COMPLAINTS_PER_HOUR", 10), 60


def lookup_limit() -> tuple[int, int]:
    return settings.ZHIFA.get("PROGRESS_LOOKUPS_PER_10_MINUTES", 30), 10


def _form_page(request, form, status=200):
    """The form with a fresh question: a question is answered once, so a refused form gets a new one."""
    challenge = guard.new_challenge()
    return render(request, "complaints/public/new.html", {
        "form": form, "question": challenge.question, "token": challenge.token,
    }, status=status)


def new(request):
    """P11: anyone files a complaint or a report; rate-limited per source, with a simple human check."""
    if request.method != "POST":
        initial = {"agency": request.GET.get("agency")} if str(request.GET.get("agency", "")).isdigit() else {}
        return _form_page(request, ComplaintForm(initial=initial))
    source = guard.source_of(request)
    limit, minutes = filing_limit()
    if guard.too_many("file", source, limit=limit, minutes=minutes):
        return render(request, "complaints/public/limited.html", status=429)
    guard.record("file", source)
    form = ComplaintForm(request.POST)
    if form.is_valid():
        problem = guard.check(form.cleaned_data["token"], form.cleaned_data["answer"], form.cleaned_data["website"])
        if problem:
            form.add_error("answer", problem)
        else:
            try:
                complaint, code = services.file_complaint(form.cleaned_data["agency"], form.service_data(),
                                                          source=source)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                return render(request, "complaints/public/filed.html", {"complaint": complaint, "code": code},
                              status=201)
    return _form_page(request, form, status=400)


def progress(request):
    """办理进度查询: a complaint by number and query code, an application by number and applicant."""
    form = ProgressForm(request.POST or None)
    result, error, status = None, None, 200
    if request.method == "POST":
        source = guard.source_of(request)
        limit, minutes = lookup_limit()
        if guard.too_many("lookup", source, limit=limit, minutes=minutes):
            return render(request, "complaints/public/limited.html", status=429)
        with transaction.atomic():
            guard.record("lookup", source)
        if form.is_valid():
            data = form.cleaned_data
            finder = selectors.complaint_progress if data["kind"] == "complaint" else selectors.application_progress
            result = finder(data["number"], data["secret"])
            if result is None:
                error = "未查询到该编号，或查询码、申请人与编号不符，请核对后重试"
                status = 404
        else:
            status = 400
    return render(request, "complaints/public/progress.html", {"form": form, "result": result, "error": error},
                  status=status)


# The agency's queue --------------------------------------------------------------------------------


@login_required
def complaint_list(request):
    if request.user.role not in selectors.STAFF:
        raise PermissionDenied("只有执法机关工作人员可以查看投诉举报")
    status = request.GET.get("status", "")
    rows = selectors.complaints(request.user, status=status)[:200]
    return render(request, "complaints/staff/list.html", {"rows": rows, "status": status,
                                                          "statuses": Complaint.Status.choices})


@login_required
def complaint_detail(request, pk, **forms):
    complaint = selectors.get_complaint(request.user, pk)
    can_act = case_permissions.can_register_lead(request.user, complaint.agency)
    context = {
        "complaint": complaint, "can_act": can_act,
        "register_form": RegisterForm(initial={"version": complaint.version}),
        "reject_form": RejectForm(initial={"version": complaint.version}),
        "answer_form": AnswerForm(initial={"version": complaint.version}),
    }
    context.update(forms)
    return render(request, "complaints/staff/detail.html", context, status=400 if forms else 200)


def _action(request, pk, form_class, call, success, name):
    complaint = selectors.get_complaint(request.user, pk)
    if not case_permissions.can_register_lead(request.user, complaint.agency):
        raise PermissionDenied("只有本机关执法人员和负责人可以受理投诉举报")
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(complaint, form.cleaned_data)
        except ConflictError as exc:
            messages.error(request, exc.message)
            return redirect("complaints:detail", pk)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect("complaints:detail", pk)
    return complaint_detail(request, pk, **{name: form})


@login_required
@require_POST
def register(request, pk):
    return _action(request, pk, RegisterForm, lambda c, d: services.register_lead(
        request.user, c, title=d["title"], version=d["version"]), "已受理并登记为案源", "register_form")


@login_required
@require_POST
def reject(request, pk):
    return _action(request, pk, RejectForm, lambda c, d: services.reject(
        request.user, c, reason=d["reason"], version=d["version"]), "已记录不予受理", "reject_form")


@login_required
@require_POST
def answer(request, pk):
    return _action(request, pk, AnswerForm, lambda c, d: services.answer(
        request.user, c, text=d["text"], version=d["version"]), "已办结并答复", "answer_form")
