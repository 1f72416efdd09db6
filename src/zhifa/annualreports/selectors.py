"""Reads of annual reports: staff see their agency's, the reports reported to their agency, supervisors
their region; the public sees published reports only."""

from django.db.models import Q
from django.http import Http404

from zhifa.accounts.roles import Role
from zhifa.core.scoping import scope_for
from zhifa.disclosure.permissions import READERS

from .models import AnnualReport


def reports(user):
    scope = scope_for(user)
    queryset = AnnualReport.objects.select_related("agency", "reported_to")
    if scope.role not in READERS:
        return queryset.none()
    if scope.agency_id is not None:
        return queryset.filter(Q(agency_id=scope.agency_id) | Q(reported_to_id=scope.agency_id,
                                                                 status=AnnualReport.Status.PUBLISHED))
    return scope.filter(queryset)


def get_report(user, pk) -> AnnualReport:
    try:
        return reports(user).get(pk=pk)
    except (AnnualReport.DoesNotExist, ValueError, TypeError):
        raise Http404("年度报告不存在或无权查看") from None


def published(agency=None):
    queryset = AnnualReport.objects.filter(status=AnnualReport.Status.PUBLISHED).select_related("agency")
    return queryset.filter(agency=agency) if agency is not None else queryset


def get_published(pk) -> AnnualReport | None:
    try:
        return published().get(pk=pk)
    except (AnnualReport.DoesNotExist, ValueError, TypeError):
        return None


def can_draft(user) -> bool:
    return user.is_authenticated and user.role in {Role.PUBLISHER, Role.AGENCY_HEAD} and bool(user.agency_id)
