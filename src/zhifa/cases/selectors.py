"""Every read of cases, scoped by the user's agency and role (security by default)."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from zhifa.accounts.roles import Role

from .models import Approval, Case, HeadDecision, Lead, Party, Suspension

CASE_READERS = frozenset({Role.OFFICER, Role.DEPT_HEAD, Role.AGENCY_HEAD, Role.REVIEWER, Role.PUBLISHER})
APPROVERS = frozenset({Role.DEPT_HEAD, Role.AGENCY_HEAD})

# R8: a supervisor reads a case of the region only while an access (调阅) opened with a reason lasts.
# The supervision app fills in ``case_ids(user)`` (the cases of the user's open accesses) when installed.
SUPERVISED_ACCESS = {"case_ids": None}


def supervised_cases(user):
    """The cases a supervisor may read now through an open, reasoned access; none for anyone else."""
    hook = SUPERVISED_ACCESS["case_ids"]
    if hook is None or not user.is_authenticated or user.role != Role.SUPERVISOR:
        return Case.objects.none()
    return Case.objects.filter(pk__in=hook(user))


def cases(user, *, q: str = "", stage: str = "", status: str = "", mine: bool = False):
    """The cases of the user's own agency; a supervisor's only those of an open supervised access."""
    if user.is_authenticated and user.role == Role.SUPERVISOR:
        queryset = supervised_cases(user).select_related("agency", "procedure", "lead")
    elif not user.is_authenticated or user.role not in CASE_READERS or not user.agency_id:
        return Case.objects.none()
    else:
        queryset = Case.objects.filter(agency_id=user.agency_id).select_related("agency", "procedure", "lead")
    if mine:  # the cases the user handles: none for a login that is no person of the registry
        queryset = queryset.filter(case_officers__person_id=user.person_id, case_officers__released_at__isnull=True) \
            if user.person_id else queryset.none()
    if q:
        queryset = queryset.filter(
            Q(number__icontains=q) | Q(title__icontains=q) | Q(lead__number__icontains=q)
            | Q(case_parties__party__name__icontains=q)
        ).distinct()
    if stage:
        queryset = queryset.filter(stage=stage)
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def get_case(user, pk) -> Case:
    """A case the user may read, else 404 (never 403: its existence is not disclosed)."""
    try:
        return cases(user).get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404("案件不存在或无权查看") from None


def leads(user):
    if not user.is_authenticated or user.role not in CASE_READERS or not user.agency_id:
        return Lead.objects.none()
    return Lead.objects.filter(agency_id=user.agency_id).select_related("case")


def parties(user, *, q: str = ""):
    if not user.is_authenticated or user.role not in CASE_READERS or not user.agency_id:
        return Party.objects.none()
    queryset = Party.objects.filter(agency_id=user.agency_id)
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(uscc=q.upper()) | Q(id_number=q.upper()))
    return queryset


def party_cases(user, party):
    """R6: every case of one party, together."""
    return cases(user).filter(case_parties__party=party).distinct()


SOON_DAYS = 3


@dataclass(frozen=True)
class Deadline:
    """The current stage's deadline with its badge: 已超期 (red), 即将到期 (yellow) or none."""

    due_on: datetime.date | None
    label: str
    confirmed: bool
    state: str  # "overdue", "soon", "ok", "none"

    @property
    def badge(self) -> str:
        return {"overdue": "已超期", "soon": "即将到期", "ok": "期限内"}.get(self.state, "")


def deadline(case, today: datetime.date | None = None) -> Deadline:
    visit = next((v for v in case.visits.all() if v.left_at is None), None) if case.pk else None
    if visit is None or visit.due_on is None or case.is_read_only:
        return Deadline(None, "", True, "none")
    today = today or timezone.localdate()
    if visit.due_on < today:
        state = "overdue"
    elif (visit.due_on - today).days <= SOON_DAYS:
        state = "soon"
    else:
        state = "ok"
    return Deadline(visit.due_on, visit.due_label, visit.due_confirmed, state)


def workbench_cases(user, **filters):
    return cases(user, **filters).prefetch_related("visits", "case_parties__party")


def pending_approvals(user):
    """Approvals and suspension requests a head of the agency has still to decide."""
    if user.role not in APPROVERS or not user.agency_id:
        return Approval.objects.none(), Suspension.objects.none()
    approvals = Approval.objects.filter(case__agency_id=user.agency_id, decision=HeadDecision.Decision.PENDING)
    suspensions = Suspension.objects.filter(case__agency_id=user.agency_id, decision=HeadDecision.Decision.PENDING)
    return approvals.select_related("case", "requested_by"), suspensions.select_related("case", "requested_by")


def get_approval(user, pk) -> Approval:
    try:
        return Approval.objects.select_related("case").get(pk=pk, case__in=cases(user))
    except (Approval.DoesNotExist, ValueError, TypeError):
        raise Http404("审批不存在或无权查看") from None


def get_suspension(user, pk) -> Suspension:
    try:
        return Suspension.objects.select_related("case").get(pk=pk, case__in=cases(user))
    except (Suspension.DoesNotExist, ValueError, TypeError):
        raise Http404("申请不存在或无权查看") from None


def get_party(user, pk) -> Party:
    try:
        return parties(user).get(pk=pk)
    except (Party.DoesNotExist, ValueError, TypeError):
        raise Http404("当事人不存在或无权查看") from None


def timeline(case):
    """Every journal entry about the case, oldest first (the caller has already read the case)."""
    from zhifa.ledger.models import JournalEntry

    return JournalEntry.objects.filter(subject_type="cases.case", subject_id=str(case.pk)).order_by("sequence")
