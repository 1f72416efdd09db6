"""Who may change the organisation registry (see ``accounts.roles``): checked by every service."""

from django.core.exceptions import PermissionDenied

from zhifa.accounts.roles import AGENCY_EDITORS, REGISTRY_EDITORS, Role
from zhifa.core.scoping import scope_for


def can_manage_agencies(user) -> bool:
    return scope_for(user).role in AGENCY_EDITORS


def can_edit_agency(user, agency) -> bool:
    scope = scope_for(user)
    return scope.role in AGENCY_EDITORS and scope.covers_agency(agency)


def can_edit_registry(user, agency) -> bool:
    """People, departments, certificates, training and devices of ``agency``."""
    scope = scope_for(user)
    return scope.role in REGISTRY_EDITORS and scope.covers_agency(agency)


def can_edit_advisers(user, region_code: str) -> bool:
    scope = scope_for(user)
    return scope.role == Role.ADMIN and scope.region_prefix is not None and region_code.startswith(scope.region_prefix)


def require(allowed: bool, message: str = "您无权进行此操作"):
    if not allowed:
        raise PermissionDenied(message)
