"""Who may act in a legal review, by role and agency; the services check the rest (L1, L4–L6).

Pages and API ask these before they parse a request, so a refused role gets 403 whatever it sent.
"""

from zhifa.accounts.roles import Role


def _of_agency(user, case, roles) -> bool:
    return bool(user.is_authenticated and user.agency_id == case.agency_id and user.role in roles)


def may_review(user, case) -> bool:
    """Return a submission, give an opinion, issue the 法制审核意见书: the review body's reviewers."""
    return _of_agency(user, case, {Role.REVIEWER})


def may_assign(user, case) -> bool:
    return _of_agency(user, case, {Role.REVIEWER, Role.AGENCY_HEAD})


def may_decide(user, case) -> bool:
    """Extend the time limit, approve the decision: the agency head (L6)."""
    return _of_agency(user, case, {Role.AGENCY_HEAD})


def may_coordinate(user, case) -> bool:
    return _of_agency(user, case, {Role.REVIEWER, Role.AGENCY_HEAD, Role.DEPT_HEAD})


DENIED = {
    may_review: "只有本机关法制审核机构的审核人员可以办理",
    may_assign: "审核人员由法制审核人员或机关负责人指派",
    may_decide: "只有机关负责人可以办理",
    may_coordinate: "协调情况由法制审核机构或本机关负责人记录",
}


def require(check, user, case):
    from django.core.exceptions import PermissionDenied

    if not check(user, case):
        raise PermissionDenied(DENIED[check])
