"""Who may change rule lists: the administrator of the agency's region; everybody in scope reads them.

National defaults (no agency) are shipped data: nobody edits them in place; a jurisdiction adopts
one by copying it into its own list (DESIGN.md "Rules are data").
"""

from zhifa.accounts.roles import Role
from zhifa.core.scoping import scope_for


def can_manage(user, rule_list) -> bool:
    scope = scope_for(user)
    return scope.role == Role.ADMIN and rule_list.agency_id is not None and scope.covers_agency(rule_list.agency)


def can_manage_agency(user, agency) -> bool:
    scope = scope_for(user)
    return scope.role == Role.ADMIN and scope.covers_agency(agency)


def can_read(user, rule_list) -> bool:
    scope = scope_for(user)
    if scope.role is None:
        return False
    return rule_list.agency_id is None or scope.covers_agency(rule_list.agency)
