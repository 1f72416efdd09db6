"""Staff reads of disclosure records, scoped: the clerk and head see their agency, supervisors their region.

The public portal never calls these: it reads published snapshots through :mod:`.public`.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from zhifa.core.scoping import scope_for

from .models import Disclosure, PostBoard
from .permissions import READERS


def _scoped(user, queryset, path="agency"):
    scope = scope_for(user)
    if scope.role not in READERS:
        return queryset.none()
    return scope.filter(queryset, path)


def disclosures(user, *, status: str = "", due: str = "", q: str = ""):
    """``due``: ``overdue`` (past due, unpublished), ``withdrawal`` (a withdrawal open), ``late`` (published late)."""
    queryset = _scoped(user, Disclosure.objects.select_related("agency", "case", "publication"))
    if status:
        queryset = queryset.filter(status=status)
    today = timezone.localdate()
    if due == "overdue":
        queryset = queryset.filter(status=Disclosure.Status.PENDING, due_on__lt=today)
    elif due == "withdrawal":
        queryset = queryset.filter(withdrawal_due_on__isnull=False, withdrawn_at__isnull=True)
    if q:
        queryset = queryset.filter(Q(number__icontains=q) | Q(title__icontains=q) | Q(case__title__icontains=q)
                                   | Q(case__number__icontains=q))
    return queryset


def get_disclosure(user, pk) -> Disclosure:
    try:
        return disclosures(user).get(pk=pk)
    except (Disclosure.DoesNotExist, ValueError, TypeError):
        raise Http404("公示记录不存在或无权查看") from None


def case_disclosures(user, case):
    """The disclosures of one case, for its page: anyone who reads the case reads their state."""
    from zhifa.cases.permissions import can_read

    if not can_read(user, case):
        return Disclosure.objects.none()
    return case.disclosures.select_related("publication").order_by("pk")


@dataclass(frozen=True)
class Timeliness:
    """P12/P13 state of one disclosure: what the badge says."""

    state: str  # "overdue", "soon", "ok", "done", "late", "none"
    label: str


def timeliness(disclosure: Disclosure, today: datetime.date | None = None) -> Timeliness:
    today = today or timezone.localdate()
    if disclosure.withdrawal_open:
        if disclosure.withdrawal_due_on < today:
            return Timeliness("overdue", f"撤下已超期（应于{disclosure.withdrawal_due_on:%m月%d日}前）")
        return Timeliness("soon", f"应于{disclosure.withdrawal_due_on:%m月%d日}前撤下")
    if disclosure.status == Disclosure.Status.PENDING:
        if disclosure.due_on < today:
            return Timeliness("overdue", f"已超期{(today - disclosure.due_on).days}天")
        if (disclosure.due_on - today).days <= 2:
            return Timeliness("soon", "即将到期")
        return Timeliness("ok", "期限内")
    if disclosure.published_at and timezone.localdate(disclosure.published_at) > disclosure.due_on:
        return Timeliness("late", "逾期公示")
    if disclosure.status == Disclosure.Status.PUBLISHED:
        return Timeliness("done", "按期公示")
    return Timeliness("none", disclosure.get_status_display())


def boards(user):
    return _scoped(user, PostBoard.objects.select_related("agency").prefetch_related("people"))


def get_board(user, pk) -> PostBoard:
    try:
        return boards(user).get(pk=pk)
    except (PostBoard.DoesNotExist, ValueError, TypeError):
        raise Http404("公示牌不存在或无权查看") from None


def counts(user) -> dict:
    """The figures of the clerk's workbench card."""
    queryset = disclosures(user)
    today = timezone.localdate()
    return {
        "pending": queryset.filter(status=Disclosure.Status.PENDING).count(),
        "overdue": queryset.filter(status=Disclosure.Status.PENDING, due_on__lt=today).count(),
        "withdrawals": queryset.filter(withdrawal_due_on__isnull=False, withdrawn_at__isnull=True).count(),
    }
