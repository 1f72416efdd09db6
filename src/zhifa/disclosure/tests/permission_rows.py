"""The disclosure app's rows of the permission matrix (accounts/tests/test_permission_matrix.py).

The portal is public to everyone. The clerk's pages: the publisher and the agency head manage their
own agency's disclosure; the supervisor reads the region (a write is refused with 403); everyone
else is refused the list (403) and never learns a record exists (404).
"""

from django.urls import reverse as r

from zhifa.accounts.tests.test_permission_matrix import OK, PUBLIC, row

# anonymous, officer, dept_head, reviewer, agency_head, publisher, supervisor, admin
READ_PAGE = row(302, 403, 403, 403, 200, 200, 200, 403)
POLICY_PAGE = row(302, 403, 403, 403, 200, 200, 200, 200)
BOARD_NEW_PAGE = row(302, 403, 403, 403, 200, 200, 403, 403)
BOARD_PAGE = row(302, 404, 404, 404, 200, 200, 403, 404)
POST_ONLY = row(302, 405, 405, 405, 405, 405, 405, 405)
READ_API = row(403, 403, 403, 403, 200, 200, 200, 403)
RECORD_API = row(403, 404, 404, 404, 200, 200, 200, 404)
POLICY_API = row(403, 404, 404, 404, 200, 200, 200, 200)
POST_ONLY_API = row(403, 405, 405, 405, 405, 405, 405, 405)

MANAGE_WRITE = row(302, 404, 404, 404, OK, OK, 403, 404)
MANAGE_API = row(403, 404, 404, 404, OK, OK, 403, 404)
POLICY_WRITE = row(302, 403, 403, 403, OK, 403, 403, OK)
BOARD_NEW_WRITE = row(302, 403, 403, 403, OK, OK, 403, 403)


def paths(agency) -> dict:
    from zhifa.catalog.models import EnforcementItem
    from zhifa.disclosure import services
    from zhifa.disclosure.models import Disclosure
    from zhifa.signing import pki
    from zhifa.testing import make_case

    from .factories import issue_fast, prepare

    pki.issue_demo_certificate(agency)  # the annual report's approval seals a PDF
    head, publisher = _user("agency_head"), _user("publisher")
    pending = Disclosure.objects.get(document=issue_fast(head, prepare(head, make_case(head, stage="decision"))))
    other = Disclosure.objects.get(document=issue_fast(head, prepare(head, make_case(head, stage="decision"),
                                                                     name="蚌埠市矩阵食品有限公司")))
    decision = services.publish(publisher, other)
    board = services.save_board(publisher, agency, {"name": "矩阵窗口", "duties": "受理", "is_published": True})
    item = EnforcementItem.objects.filter(version__rule_list__agency=agency, version__status="published").first()
    d = pending.pk
    return {
        "disclosure:roster": r("disclosure:roster"), "disclosure:agencies": r("disclosure:agencies"),
        "disclosure:agency": r("disclosure:agency", args=[agency.pk]),
        "disclosure:rule_list": r("disclosure:rule_list", args=["powers"]) + f"?agency={agency.pk}",
        "disclosure:item": r("disclosure:item", args=[item.pk]),
        "disclosure:boards": r("disclosure:boards"), "disclosure:board": r("disclosure:board", args=[board.pk]),
        "disclosure:decisions": r("disclosure:decisions") + "?q=食品", "disclosure:withdrawals": r("disclosure:withdrawals"),
        "disclosure:decision": r("disclosure:decision", args=[decision.pk]),
        "disclosure:data": r("disclosure:data"), "disclosure:data_download": r("disclosure:data_download",
                                                                               args=["decisions", "csv"]),
        "disclosure:feed": r("disclosure:feed"),
        "publication:list": r("publication:list"), "publication:detail": r("publication:detail", args=[d]),
        "publication:publish": r("publication:publish", args=[d]), "publication:masks": r("publication:masks", args=[d]),
        "publication:withhold": r("publication:withhold", args=[d]),
        "publication:withdrawal": r("publication:withdrawal", args=[other.pk]),
        "publication:withdraw": r("publication:withdraw", args=[other.pk]),
        "publication:policy": r("publication:policy"), "publication:boards": r("publication:boards"),
        "publication:board_new": r("publication:board_new"),
        "publication:board_edit": r("publication:board_edit", args=[board.pk]),
        "api-public-roster": r("api-public-roster"), "api-public-decisions": r("api-public-decisions"),
        "api-public-decision": r("api-public-decision", args=[decision.pk]),
        "api-public-withdrawals": r("api-public-withdrawals"), "api-public-agencies": r("api-public-agencies"),
        "api-public-agency": r("api-public-agency", args=[agency.pk]),
        "api-public-list": r("api-public-list", args=["items"]) + f"?agency={agency.pk}",
        "api-public-item": r("api-public-item", args=[item.pk]), "api-public-boards": r("api-public-boards"),
        "api-disclosures": r("api-disclosures"), "api-disclosure": r("api-disclosure", args=[d]),
        "api-disclosure-publish": r("api-disclosure-publish", args=[d]),
        "api-disclosure-masks": r("api-disclosure-masks", args=[d]),
        "api-disclosure-withhold": r("api-disclosure-withhold", args=[d]),
        "api-disclosure-withdrawal": r("api-disclosure-withdrawal", args=[other.pk]),
        "api-disclosure-withdraw": r("api-disclosure-withdraw", args=[other.pk]),
        "api-disclosure-policy": r("api-disclosure-policy", args=[agency.pk]),
        "api-disclosure-boards": r("api-disclosure-boards"), "api-disclosure-board": r("api-disclosure-board",
                                                                                        args=[board.pk]),
    }


def _user(username):
    from zhifa.accounts.models import User

    return User.objects.get(username=username)


MATRIX = {
    **{name: PUBLIC for name in (
        "disclosure:roster", "disclosure:agencies", "disclosure:agency", "disclosure:rule_list", "disclosure:item",
        "disclosure:boards", "disclosure:board", "disclosure:decisions", "disclosure:withdrawals",
        "disclosure:decision", "disclosure:data", "disclosure:data_download", "disclosure:feed", "api-public-roster",
        "api-public-decisions", "api-public-decision", "api-public-withdrawals", "api-public-agencies",
        "api-public-agency", "api-public-list", "api-public-item", "api-public-boards")},
    "publication:list": READ_PAGE, "publication:detail": READ_PAGE, "publication:policy": POLICY_PAGE,
    "publication:boards": READ_PAGE, "publication:board_new": BOARD_NEW_PAGE, "publication:board_edit": BOARD_PAGE,
    **{f"publication:{name}": POST_ONLY for name in ("publish", "masks", "withhold", "withdrawal", "withdraw")},
    "api-disclosures": READ_API, "api-disclosure": RECORD_API, "api-disclosure-policy": POLICY_API,
    "api-disclosure-boards": READ_API, "api-disclosure-board": row(403, 404, 404, 404, 200, 200, 200, 404),
    **{f"api-disclosure-{name}": POST_ONLY_API for name in ("publish", "masks", "withhold", "withdrawal", "withdraw")},
}

WRITES = {
    **{f"publication:{name}": MANAGE_WRITE for name in ("publish", "masks", "withhold", "withdrawal", "withdraw")},
    "publication:board_edit": MANAGE_WRITE, "publication:board_new": BOARD_NEW_WRITE, "publication:policy": POLICY_WRITE,
    **{f"api-disclosure-{name}": MANAGE_API for name in ("publish", "masks", "withhold", "withdrawal", "withdraw")},
    "api-disclosure-boards": row(403, 403, 403, 403, OK, OK, 403, 403),
}
