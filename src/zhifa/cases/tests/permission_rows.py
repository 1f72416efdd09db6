"""The cases app's rows of the permission matrix (accounts/tests/test_permission_matrix.py)."""

from django.urls import reverse as r

from zhifa.accounts.tests.test_permission_matrix import OK, row

READER_PAGE = row(302, 200, 200, 200, 200, 200, 403, 403)  # the agency's own staff; supervisors read via supervision
CASE_PAGE = row(302, 200, 200, 200, 200, 200, 404, 404)  # one case: other scopes do not learn it exists
HANDLER_PAGE = row(302, 200, 200, 403, 200, 403, 404, 404)
HEAD_PAGE = row(302, 403, 200, 403, 200, 403, 404, 404)
REGISTER_PAGE = row(302, 200, 200, 403, 200, 403, 403, 403)
POST_ONLY = row(302, 405, 405, 405, 405, 405, 405, 405)
LIST_API = row(403, 200, 200, 200, 200, 200, 200, 200)  # an empty list outside the agency
CASE_API = row(403, 200, 200, 200, 200, 200, 404, 404)
POST_ONLY_API = row(403, 405, 405, 405, 405, 405, 405, 405)

HANDLER_WRITE = row(302, OK, OK, 403, OK, 403, 404, 404)
HEAD_WRITE = row(302, 403, OK, 403, OK, 403, 404, 404)
OFFICER_WRITE = row(302, OK, 403, 403, 403, 403, 404, 404)
REGISTER_WRITE = row(302, OK, OK, 403, OK, 403, 403, 403)
HANDLER_API = row(403, OK, OK, 403, OK, 403, 404, 404)
HEAD_API = row(403, 403, OK, 403, OK, 403, 404, 404)
OFFICER_API = row(403, OK, 403, 403, 403, 403, 404, 404)
REGISTER_API = row(403, OK, OK, 403, OK, 403, 403, 403)


def paths(agency) -> dict:
    from zhifa.accounts.models import User
    from zhifa.cases import services
    from zhifa.organizations.models import Person
    from zhifa.testing import make_case, make_uscc

    head = User.objects.get(username="agency_head")
    officer = User.objects.get(username="officer")
    partner = Person.objects.filter(agency=agency, post="officer", certificates__isnull=False).exclude(
        pk=officer.person_id).first()
    case = make_case(head, officers=[officer.person, partner])
    party = services.add_party(head, case, {"kind": "legal", "name": "蚌埠某商贸有限公司", "uscc": make_uscc(),
                                            "legal_representative": "孙某"})
    approval = services.request_approval(officer, case, "filing", reason="符合立案条件")
    suspension = services.request_suspension(officer, case, kind="extend", reason="案情复杂", days=30)
    pk = case.pk
    return {
        "cases:list": r("cases:list"), "cases:lead_new": r("cases:lead_new"),
        "cases:detail": r("cases:detail", args=[pk]), "cases:edit": r("cases:edit", args=[pk]),
        "cases:party_add": r("cases:party_add", args=[pk]), "cases:officers": r("cases:officers", args=[pk]),
        "cases:recusal": r("cases:recusal", args=[pk]), "cases:transition": r("cases:transition", args=[pk]),
        "cases:approval_request": r("cases:approval_request", args=[pk]), "cases:event": r("cases:event", args=[pk]),
        "cases:discussion": r("cases:discussion", args=[pk]),
        "cases:suspension_request": r("cases:suspension_request", args=[pk]),
        "cases:approval_decide": r("cases:approval_decide", args=[approval.pk]),
        "cases:suspension_decide": r("cases:suspension_decide", args=[suspension.pk]),
        "cases:party": r("cases:party", args=[party.pk]),
        "api-cases": r("api-cases"), "api-case": r("api-case", args=[pk]),
        "api-case-transition": r("api-case-transition", args=[pk]),
        "api-case-parties": r("api-case-parties", args=[pk]), "api-case-officers": r("api-case-officers", args=[pk]),
        "api-case-recusals": r("api-case-recusals", args=[pk]), "api-case-approvals": r("api-case-approvals", args=[pk]),
        "api-case-events": r("api-case-events", args=[pk]),
        "api-case-discussions": r("api-case-discussions", args=[pk]),
        "api-case-suspensions": r("api-case-suspensions", args=[pk]),
        "api-case-timeline": r("api-case-timeline", args=[pk]),
        "api-approval-decision": r("api-approval-decision", args=[approval.pk]),
        "api-suspension-decision": r("api-suspension-decision", args=[suspension.pk]),
    }


MATRIX = {
    "cases:list": READER_PAGE, "cases:lead_new": REGISTER_PAGE, "cases:detail": CASE_PAGE,
    "cases:edit": HANDLER_PAGE, "cases:party_add": HANDLER_PAGE, "cases:officers": HANDLER_PAGE,
    "cases:discussion": HEAD_PAGE, "cases:party": CASE_PAGE,
    "cases:recusal": POST_ONLY, "cases:transition": POST_ONLY, "cases:approval_request": POST_ONLY,
    "cases:event": POST_ONLY, "cases:suspension_request": POST_ONLY, "cases:approval_decide": POST_ONLY,
    "cases:suspension_decide": POST_ONLY,
    "api-cases": LIST_API, "api-case": CASE_API, "api-case-timeline": CASE_API,
    "api-case-transition": POST_ONLY_API, "api-case-parties": POST_ONLY_API, "api-case-officers": POST_ONLY_API,
    "api-case-recusals": POST_ONLY_API, "api-case-approvals": POST_ONLY_API, "api-case-events": POST_ONLY_API,
    "api-case-discussions": POST_ONLY_API, "api-case-suspensions": POST_ONLY_API,
    "api-approval-decision": POST_ONLY_API, "api-suspension-decision": POST_ONLY_API,
}

WRITES = {
    "cases:lead_new": REGISTER_WRITE, "cases:edit": HANDLER_WRITE, "cases:party_add": HANDLER_WRITE,
    "cases:officers": HANDLER_WRITE, "cases:discussion": HEAD_WRITE, "cases:recusal": OFFICER_WRITE,
    "cases:transition": HANDLER_WRITE, "cases:approval_request": HANDLER_WRITE, "cases:event": HANDLER_WRITE,
    "cases:suspension_request": HANDLER_WRITE, "cases:approval_decide": HEAD_WRITE,
    "cases:suspension_decide": HEAD_WRITE,
    "api-cases": REGISTER_API, "api-case-transition": HANDLER_API, "api-case-parties": HANDLER_API,
    "api-case-officers": HANDLER_API, "api-case-recusals": OFFICER_API, "api-case-approvals": HANDLER_API,
    "api-case-events": HANDLER_API, "api-case-discussions": HEAD_API, "api-case-suspensions": HANDLER_API,
    "api-approval-decision": HEAD_API, "api-suspension-decision": HEAD_API,
}
