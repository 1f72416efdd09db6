"""Every read of supervision data, scoped by the user (agency staff their agency, supervisors their region)."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.cases.models import Case
from zhifa.cases.selectors import CASE_READERS
from zhifa.core.scoping import scope_for
from zhifa.core.validators import region_prefix

from .models import (
    Evaluation,
    EvaluationPlan,
    ImplementationTask,
    Notice,
    NoticeRecipient,
    Notification,
    RecordAccess,
    Rectification,
    ScanState,
    Warning,
)

STAFF_ROLES = frozenset(CASE_READERS | {Role.SUPERVISOR, Role.ADMIN})
SUPERVISORS = frozenset({Role.SUPERVISOR})
STATISTICS_ROLES = frozenset({Role.SUPERVISOR, Role.AGENCY_HEAD, Role.DEPT_HEAD})
HEADS = frozenset({Role.AGENCY_HEAD, Role.DEPT_HEAD})


def _get(queryset, pk, message):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404(message) from None


# Record access (R8) ---------------------------------------------------------------------------------------------


def supervised_case_ids(user):
    """Cases of the supervisor's region with an access they opened that has not yet expired (the cases app's hook)."""
    scope = scope_for(user)
    return scope.filter(RecordAccess.objects.filter(user=user, expires_at__gt=timezone.now()), path="agency").values(
        "case_id")


def open_access(user, case) -> RecordAccess | None:
    return RecordAccess.objects.filter(user=user, case=case, expires_at__gt=timezone.now()).order_by("-expires_at").first()


def accesses(user, *, case=None, agency=None):
    """Who looked at what and why: an agency's staff see the accesses to their agency, supervisors the region's."""
    scope = scope_for(user)
    if scope.role not in STAFF_ROLES or scope.role == Role.ADMIN:
        return RecordAccess.objects.none()
    queryset = scope.filter(RecordAccess.objects.select_related("user", "case", "agency", "warning"))
    if case is not None:
        queryset = queryset.filter(case=case)
    if agency:
        queryset = queryset.filter(agency=agency)
    return queryset


def access_reads(access) -> list:
    """The records the supervisor read during the access: the case's ``record.accessed`` entries in the window."""
    from zhifa.ledger.models import JournalEntry

    return list(JournalEntry.objects.filter(
        subject_type="cases.case", subject_id=str(access.case_id), kind="record.accessed", actor_id=access.user_id,
        recorded_at__gte=access.opened_at - datetime.timedelta(seconds=1), recorded_at__lte=access.expires_at,
    ).exclude(sequence=access.journal_sequence).order_by("sequence"))


def case_in_region(user, pk) -> Case:
    """A case of an agency in the supervisor's region (for the access form); 404 outside it, whatever it is."""
    if not user.is_authenticated or user.role != Role.SUPERVISOR:
        raise Http404("案件不存在或无权查看")
    return _get(scope_for(user).filter(Case.objects.select_related("agency", "procedure", "lead")), pk,
                "案件不存在或不在您的监督区域内")


# Warnings (I5) -------------------------------------------------------------------------------------------------


# The administrator configures the registry and the lists but reads no case records: of the warnings,
# only those about people, agencies and lists.
ADMIN_SUBJECTS = ("person", "agency", "rule_list")


def warnings(user, *, state: str = "open", level: str = "", rule: str = "", agency=None, case=None):
    scope = scope_for(user)
    if scope.role not in STAFF_ROLES:
        return Warning.objects.none()
    queryset = scope.filter(Warning.objects.select_related("agency", "case", "person"))
    if scope.role == Role.ADMIN:
        queryset = queryset.filter(subject_type__in=ADMIN_SUBJECTS)
    if state == "open":
        queryset = queryset.filter(cleared_at__isnull=True)
    elif state == "cleared":
        queryset = queryset.filter(cleared_at__isnull=False)
    if level:
        queryset = queryset.filter(level=level)
    if rule:
        queryset = queryset.filter(rule=rule)
    if agency:
        queryset = queryset.filter(agency=agency)
    if case is not None:
        queryset = queryset.filter(case=case)
    if state == "open":
        return queryset.order_by("level", "due_on", "-pk")  # red before yellow, nearest deadline first
    return queryset.order_by("-raised_at", "-pk")


def get_warning(user, pk) -> Warning:
    return _get(warnings(user, state="all"), pk, "预警不存在或无权查看")


def my_warnings(user):
    """Open warnings that have reached the user (the workbench list)."""
    if not user.is_authenticated:
        return Warning.objects.none()
    mine = Notification.objects.filter(user=user, warning=OuterRef("pk"))
    return (Warning.objects.filter(cleared_at__isnull=True).filter(Exists(mine))
            .select_related("agency", "case", "person").order_by("level", "due_on", "-pk"))


def warning_counts(user) -> dict:
    rows = warnings(user).order_by().values("level").annotate(n=Count("pk"))
    counts = {row["level"]: row["n"] for row in rows}
    return {"red": counts.get("red", 0), "yellow": counts.get("yellow", 0)}


def last_scan():
    return ScanState.objects.filter(pk=1).first()


def notifications(user):
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user=user).select_related("warning")


# Live cases of the region -------------------------------------------------------------------------------------


def live_cases(user, *, agency=None, region: str = "", stage: str = "", procedure: str = "", status: str = "",
               domain: str = "", created_from=None, created_to=None, warning_rule: str = "", level: str = "",
               q: str = ""):
    """The cases a supervisor watches (every agency of the region) or an agency's own: numbers and stages only.

    Opening one is the supervised access with a reason; this list shows no parties and no facts.
    """
    scope = scope_for(user)
    if scope.role not in CASE_READERS | SUPERVISORS:
        return Case.objects.none()
    queryset = scope.filter(Case.objects.select_related("agency", "procedure", "lead"))
    if agency:
        queryset = queryset.filter(agency=agency)
    if region:
        queryset = queryset.filter(agency__region_code__startswith=region_prefix(region))
    if stage:
        queryset = queryset.filter(stage=stage)
    if procedure:
        queryset = queryset.filter(procedure_code=procedure)
    if status == "live":
        queryset = queryset.filter(status__in=[Case.Status.OPEN, Case.Status.SUSPENDED, Case.Status.CLOSED])
    elif status:
        queryset = queryset.filter(status=status)
    if domain:
        queryset = queryset.filter(agency__domain=domain)
    if created_from:
        queryset = queryset.filter(created_at__gte=_day_start(created_from))
    if created_to:
        queryset = queryset.filter(created_at__lt=_day_start(created_to + datetime.timedelta(days=1)))
    if warning_rule or level:
        open_warnings = Warning.objects.filter(case=OuterRef("pk"), cleared_at__isnull=True)
        if warning_rule:
            open_warnings = open_warnings.filter(rule=warning_rule)
        if level:
            open_warnings = open_warnings.filter(level=level)
        queryset = queryset.filter(Exists(open_warnings))
    if q:
        queryset = queryset.filter(Q(number__icontains=q) | Q(title__icontains=q) | Q(lead__number__icontains=q))
    return queryset.order_by("-pk")


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# Evaluation (R7), notices and rectifications -----------------------------------------------------------------


def plans(user):
    """Supervisors see the region's plans; an agency's heads the plans that sampled their agency."""
    scope = scope_for(user)
    if scope.role == Role.SUPERVISOR:
        return EvaluationPlan.objects.filter(region_code__startswith=scope.region_prefix).select_related("checklist")
    if scope.role in HEADS:
        return EvaluationPlan.objects.filter(agencies=scope.agency_id).select_related("checklist").distinct()
    return EvaluationPlan.objects.none()


def get_plan(user, pk) -> EvaluationPlan:
    return _get(plans(user), pk, "评查方案不存在或无权查看")


def evaluations(user, plan=None):
    scope = scope_for(user)
    queryset = Evaluation.objects.filter(plan__in=plans(user)).select_related("case", "agency", "plan", "evaluator")
    if scope.role in HEADS:
        queryset = queryset.filter(agency_id=scope.agency_id)
    if plan is not None:
        queryset = queryset.filter(plan=plan)
    return queryset


def get_evaluation(user, pk) -> Evaluation:
    return _get(evaluations(user), pk, "评查案卷不存在或无权查看")


def rectifications(user, *, status: str = ""):
    scope = scope_for(user)
    if scope.role not in HEADS | SUPERVISORS:
        return Rectification.objects.none()
    queryset = scope.filter(Rectification.objects.select_related("agency", "notice", "evaluation__case", "issued_by"))
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def get_rectification(user, pk) -> Rectification:
    return _get(rectifications(user), pk, "整改事项不存在或无权查看")


def notices(user):
    """Supervisors: the notices of their region; agency staff: the notices addressed to their agency."""
    scope = scope_for(user)
    if scope.role == Role.SUPERVISOR:
        return Notice.objects.filter(region_code__startswith=scope.region_prefix).select_related("issued_by")
    if scope.role in CASE_READERS:
        return Notice.objects.filter(recipients__agency_id=scope.agency_id).select_related("issued_by").distinct()
    return Notice.objects.none()


def get_notice(user, pk) -> Notice:
    return _get(notices(user), pk, "通报不存在或无权查看")


def notice_recipients(user, notice):
    scope = scope_for(user)
    queryset = NoticeRecipient.objects.filter(notice=notice).select_related("agency", "acknowledged_by")
    if scope.role != Role.SUPERVISOR:
        queryset = queryset.filter(agency_id=scope.agency_id)
    return queryset


TASK_READERS = frozenset({Role.SUPERVISOR, Role.AGENCY_HEAD, Role.DEPT_HEAD, Role.ADMIN})


def tasks(user):
    """Implementation tasks of the user's region (agency staff: of the region their agency lies in)."""
    scope = scope_for(user)
    if scope.role not in TASK_READERS:
        return ImplementationTask.objects.none()
    if scope.region_prefix:
        prefix = scope.region_prefix
    else:
        from zhifa.organizations.models import Agency

        prefix = region_prefix(Agency.objects.values_list("region_code", flat=True).get(pk=scope.agency_id))
    covering = [prefix[:n].ljust(6, "0") for n in (2, 4, 6) if len(prefix) >= n]
    return ImplementationTask.objects.filter(Q(region_code__startswith=prefix) | Q(region_code__in=covering))


def get_task(user, pk) -> ImplementationTask:
    return _get(tasks(user), pk, "实施任务不存在或无权查看")
