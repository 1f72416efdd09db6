"""Who manages what the agency discloses, and who reads it (DESIGN.md "Who uses it").

The disclosure clerk (公示管理员) and the agency head manage their own agency's disclosure; the
agency head alone approves the annual report; supervisors read every agency of their region; the
administrator configures the rules of the agencies of the region and changes no record.
"""

from zhifa.accounts.roles import Role
from zhifa.core.scoping import scope_for

MANAGERS = frozenset({Role.PUBLISHER, Role.AGENCY_HEAD})
READERS = MANAGERS | {Role.SUPERVISOR}


def can_manage(user, agency) -> bool:
    scope = scope_for(user)
    return scope.role in MANAGERS and scope.covers_agency(agency)


def can_read(user, agency) -> bool:
    scope = scope_for(user)
    return scope.role in READERS and scope.covers_agency(agency)


def can_configure(user, agency) -> bool:
    """The disclosure policy: the agency head of the agency, or the administrator of its region."""
    scope = scope_for(user)
    return scope.role in {Role.AGENCY_HEAD, Role.ADMIN} and scope.covers_agency(agency)


def can_approve_report(user, agency) -> bool:
    scope = scope_for(user)
    return scope.role == Role.AGENCY_HEAD and scope.covers_agency(agency)
