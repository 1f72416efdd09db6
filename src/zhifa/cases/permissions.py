"""Who may do what with a case (PL Art. 42; L1: a reviewer never handles a case).

Handling officers act on their own cases; heads of the agency (department head, agency head)
approve and may act on every case of their agency. Supervisors read a case only while an access
they opened in the supervision app with a reason lasts (R8), and never change one.
"""

from zhifa.accounts.roles import Role

HANDLING_ROLES = frozenset({Role.OFFICER, Role.DEPT_HEAD, Role.AGENCY_HEAD})
APPROVING_ROLES = frozenset({Role.DEPT_HEAD, Role.AGENCY_HEAD})


def is_handling_officer(user, case) -> bool:
    return bool(
        user.is_authenticated
        and user.person_id
        and case.case_officers.filter(person_id=user.person_id, released_at__isnull=True).exists()
    )


def can_read(user, case) -> bool:
    """Staff of the case's agency who handle or lead it; reviewers and clerks of the agency too.

    A supervisor of the region while a supervised access to the case is open (R8).
    """
    if user.is_authenticated and user.role == Role.SUPERVISOR:
        from .selectors import supervised_cases

        return supervised_cases(user).filter(pk=case.pk).exists()
    if not user.is_authenticated or user.agency_id != case.agency_id:
        return False
    return user.role in {Role.OFFICER, Role.DEPT_HEAD, Role.AGENCY_HEAD, Role.REVIEWER, Role.PUBLISHER}


def can_handle(user, case) -> bool:
    """May change the case: a handling officer of it, or a head of its agency."""
    if not user.is_authenticated or user.agency_id != case.agency_id:
        return False
    if user.role in APPROVING_ROLES:
        return True
    return user.role == Role.OFFICER and is_handling_officer(user, case)


def can_approve(user, case) -> bool:
    return user.is_authenticated and user.agency_id == case.agency_id and user.role in APPROVING_ROLES


def can_register_lead(user, agency) -> bool:
    return user.is_authenticated and user.agency_id == getattr(agency, "pk", None) and user.role in HANDLING_ROLES
