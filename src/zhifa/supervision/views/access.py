"""Supervised access (R8): the region's live cases, opening one with a reason, and the access log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect, render

from zhifa.accounts.roles import Role
from zhifa.cases import timeline
from zhifa.cases.selectors import CASE_READERS
from zhifa.core.feedback import run_service

from .. import selectors, services, statistics
from ..forms import AccessForm, CaseFilterForm
from ..models import RecordAccess, Warning
from .common import page_of, query_without_page, require_role

CASE_LIST_ROLES = CASE_READERS | {Role.SUPERVISOR}


def filtered_cases(user, values: dict):
    """The case list's queryset for the filters of :class:`CaseFilterForm` (also the API's)."""
    period = None
    if values.get("start") or values.get("end"):
        today = statistics.Period.this_year()
        period = statistics.Period(values.get("start") or today.start, values.get("end") or today.end)
    by_event = values.get("late") or values.get("av_missing") or values.get("decided")
    queryset = selectors.live_cases(
        user, agency=values.get("agency"), region=values.get("region", ""), stage=values.get("stage", ""),
        procedure=values.get("procedure", ""), status=values.get("status", ""), domain=values.get("domain", ""),
        created_from=period.start if period and not by_event else None,
        created_to=period.end if period and not by_event else None,
        warning_rule=values.get("warning", ""), level=values.get("level", ""), q=values.get("q", ""))
    period = period or statistics.Period.this_year()
    if values.get("late"):
        queryset = queryset.filter(statistics.late_q(values["late"], period))
    if values.get("av_missing") and values.get("stage"):
        queryset = queryset.filter(statistics.av_missing_q(values["stage"], period))
    if values.get("decided"):
        queryset = queryset.filter(decided_on__gte=period.start, decided_on__lte=period.end)
    return queryset.annotate(
        red=Count("warnings", filter=Q(warnings__cleared_at__isnull=True, warnings__level="red"), distinct=True),
        yellow=Count("warnings", filter=Q(warnings__cleared_at__isnull=True, warnings__level="yellow"), distinct=True))


@login_required
def case_list(request):
    user = request.user
    require_role(user, CASE_LIST_ROLES, "只有执法监督人员和执法机关工作人员可以查看案件")
    form = CaseFilterForm(request.GET or None, user=user)
    values = form.cleaned_data if form.is_valid() else {}
    page = page_of(request, filtered_cases(user, values))
    stages = statistics.stage_names()
    rows = [(case, stages.get((case.procedure_code, case.stage), case.stage)) for case in page]
    return render(request, "supervision/cases.html", {
        "form": form, "page": page, "rows": rows, "query": query_without_page(request),
        "is_supervisor": user.role == Role.SUPERVISOR,
    })


@login_required
def open_case(request, pk):
    """Ask the supervisor's reason first; the access is journalled on the case, then the case page opens."""
    user = request.user
    if user.role != Role.SUPERVISOR:
        raise PermissionDenied("只有执法监督人员调阅案件；本机关工作人员请直接查看案件")
    case = selectors.case_in_region(user, pk)
    warning = None
    warning_id = request.POST.get("warning") or request.GET.get("warning")
    if warning_id and str(warning_id).isdigit():
        warning = Warning.objects.filter(pk=warning_id, case=case).first()
    initial = {"purpose": request.GET.get("purpose") or ("warning" if warning else "inspection"),
               "warning": warning.pk if warning else None,
               "reason": f"核查{warning.get_level_display()}：{warning.title}" if warning else ""}
    form = AccessForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        access = run_service(request, lambda: services.open_access(user, case, purpose=form.cleaned_data["purpose"],
                                                           reason=form.cleaned_data["reason"], warning=warning),
                     "调阅已登记，被调阅单位可在调阅记录中看到本次调阅", form=form)
        if access:
            return redirect("cases:detail", case.pk)
    current = selectors.open_access(user, case)
    if current is not None and request.method == "GET":
        messages.info(request, f"您对本案的调阅有效至{current.expires_at:%Y-%m-%d %H:%M}；如另有事由，可再次登记")
    return render(request, "supervision/open_case.html", {"case": case, "form": form, "current": current,
                                                          "warning": warning})


@login_required
def access_list(request):
    """Who looked at what and why: the agency sees the supervisors' accesses to its cases."""
    user = request.user
    require_role(user, CASE_LIST_ROLES, "只有执法机关工作人员和执法监督人员可以查看调阅记录")
    page = page_of(request, selectors.accesses(user))
    rows = [(access, [(entry, timeline.summary(entry)) for entry in selectors.access_reads(access)]) for access in page]
    return render(request, "supervision/accesses.html", {"page": page, "rows": rows, "purposes": RecordAccess.Purpose})
