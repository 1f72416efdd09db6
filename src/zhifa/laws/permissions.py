"""Who may change the law library: the administrator (configuration data, DESIGN.md "Who uses it")."""

from zhifa.accounts.roles import Role
from zhifa.core.scoping import scope_for


def can_manage_library(user) -> bool:
    return scope_for(user).role == Role.ADMIN
