"""Reads of random inspections (P17): the agency's staff read their own agency's, supervisors their region's.

Officers, heads and the disclosure clerk of an agency see its directory, plans, draws and results;
the justice bureau's supervisors read every agency of their region (results overdue for disclosure
among them); reviewers and the administrator see none. The public reads only the published copies
(:func:`published_plans`), never a plan or a result row.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.core.scoping import scope_for

from .models import DrawnTarget, Plan, PublishedPlan, Target

READERS = frozenset({Role.OFFICER, Role.DEPT_HEAD, Role.AGENCY_HEAD, Role.PUBLISHER, Role.SUPERVISOR})


def _scoped(user, queryset, path="agency"):
    scope = scope_for(user)
    if scope.role not in READERS:
        return queryset.none()
    return scope.filter(queryset, path)


def can_read(user) -> bool:
    return scope_for(user).role in READERS


def _pk(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < number < 2**63:
        raise Http404
    return number


def targets(user, *, q: str = "", category: str = ""):
    queryset = _scoped(user, Target.objects.select_related("agency"))
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(uscc__icontains=q))
    if category:
        queryset = queryset.filter(category=category)
    return queryset


TARGET_EVENTS = {"inspection.target_added": "加入名录", "inspection.target_updated": "更正信息",
                 "inspection.target_removed": "移出名录", "inspection.target_registered": "恢复在册",
                 "inspection.conflict_declared": "登记回避"}


def require_reader(user):
    """Pages and API alike: only agency staff and supervisors read random inspections."""
    if not can_read(user):
        raise PermissionDenied("只有执法机关工作人员和执法监督人员可以查看双随机抽查")


def handled_agency(user):
    """The user's own agency, which the user may keep the directory, plans and results of; else refused."""
    from .services import can_handle

    agency = user.agency
    if agency is None or not can_handle(user, agency):
        raise PermissionDenied("只有本机关执法人员和负责人可以维护双随机抽查")
    return agency


def get_editable_target(user, pk) -> Target:
    """A directory entry the user may correct or take off the register: refused before any input is read."""
    from .services import can_handle

    require_reader(user)
    target = get_target(user, pk)
    if not can_handle(user, target.agency):
        raise PermissionDenied("只有本机关执法人员和负责人可以维护检查对象名录")
    return target


def target_history(target: Target) -> list[dict]:
    """The journal entries of one directory entry, oldest first: added, corrected, removed, restored."""
    from zhifa.ledger.models import JournalEntry

    entries = JournalEntry.objects.filter(subject_type="inspections.target", subject_id=str(target.pk)).select_related(
        "actor").order_by("sequence")
    return [{"at": e.recorded_at, "actor": e.actor, "what": TARGET_EVENTS.get(e.kind, e.kind)} for e in entries]


def get_target(user, pk) -> Target:
    found = targets(user).filter(pk=_pk(pk)).first()
    if found is None:
        raise Http404("检查对象不存在或无权查看")
    return found


def categories(user) -> list[str]:
    return list(targets(user).exclude(category="").order_by("category").values_list("category", flat=True).distinct())


def plans(user, *, status: str = "", overdue: bool = False, today: datetime.date | None = None):
    """Plans in scope; ``overdue``: those with a result past its disclosure due date and not yet published."""
    queryset = _scoped(user, Plan.objects.select_related("agency")).annotate(
        drawn_count=Count("drawn", distinct=True),
        results_count=Count("drawn", filter=~Q(drawn__result=""), distinct=True))
    if status in Plan.Status.values:
        queryset = queryset.filter(status=status)
    if overdue:
        late = overdue_results(user, today=today).values("plan_id")
        queryset = queryset.filter(pk__in=late)
    return queryset


def get_plan(user, pk) -> Plan:
    found = _scoped(user, Plan.objects.select_related("agency", "created_by", "drawn_by")).filter(pk=_pk(pk)).first()
    if found is None:
        raise Http404("抽查计划不存在或无权查看")
    return found


def drawn_targets(plan: Plan):
    return plan.drawn.select_related("target", "lead__case", "entered_by").prefetch_related("inspectors").order_by(
        "draw_order")


def get_drawn(user, pk) -> DrawnTarget:
    found = _scoped(user, DrawnTarget.objects.select_related("plan__agency", "target"), "plan__agency").filter(
        pk=_pk(pk)).first()
    if found is None:
        raise Http404("抽中对象不存在或无权查看")
    return found


def overdue_results(user, *, today: datetime.date | None = None):
    """Results entered but not disclosed by their due date (20 working days by default): what supervision checks."""
    today = today or timezone.localdate()
    return _scoped(user, DrawnTarget.objects.select_related("plan__agency", "target"), "plan__agency").filter(
        published_at__isnull=True, disclosure_due_on__lt=today).exclude(result="")


# The public ------------------------------------------------------------------------------------------


def published_plans(*, agency=None, q: str = ""):
    queryset = PublishedPlan.objects.annotate(result_count=Count("results"))
    if agency is not None:
        queryset = queryset.filter(agency=agency)
    if q:
        queryset = queryset.filter(Q(title__icontains=q) | Q(agency_name__icontains=q) | Q(number__icontains=q))
    return queryset


def get_published_plan(pk) -> PublishedPlan | None:
    try:
        number = int(pk)
    except (TypeError, ValueError):
        return None
    if not 0 < number < 2**63:
        return None
    return PublishedPlan.objects.filter(pk=number).first()
