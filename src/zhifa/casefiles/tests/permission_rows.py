"""The case-file app's rows of the permission matrix (see accounts/tests/test_permission_matrix.py).

Readers of a case are the staff of its agency (officer, heads, reviewer, publisher); the supervisor
and the administrator read cases through the supervision app, so here the case is a 404 to them.
Every URL of this app is a read: a POST is 405 for everyone signed in and changes nothing.
"""

from django.urls import reverse

from zhifa.accounts.tests.test_permission_matrix import row

CASE_PAGE = row(302, 200, 200, 200, 200, 200, 404, 404)
CASE_API = row(403, 200, 200, 200, 200, 200, 404, 404)
REGISTER_PAGE = row(302, 200, 200, 200, 200, 200, 403, 403)
REGISTER_API = row(403, 200, 200, 200, 200, 200, 403, 403)
READ_ONLY_PAGE = row(302, 405, 405, 405, 405, 405, 405, 405)
READ_ONLY_API = row(403, 405, 405, 405, 405, 405, 405, 405)


def paths(agency) -> dict:
    from zhifa.accounts.models import User
    from zhifa.testing import make_case

    head = User.objects.get(username="agency_head")
    case = make_case(head, stage="closure", title="权限矩阵案卷")
    return {
        "casefiles:case": reverse("casefiles:case", args=[case.pk]),
        "casefiles:bagit": reverse("casefiles:bagit", args=[case.pk]),
        "casefiles:register": reverse("casefiles:register"),
        "casefiles:register_xlsx": reverse("casefiles:register_xlsx"),
        "api-casefile": reverse("api-casefile", args=[case.pk]),
        "api-casefile-bagit": reverse("api-casefile-bagit", args=[case.pk]),
        "api-case-register": reverse("api-case-register"),
    }


MATRIX = {
    "casefiles:case": CASE_PAGE, "casefiles:bagit": CASE_PAGE,
    "casefiles:register": REGISTER_PAGE, "casefiles:register_xlsx": REGISTER_PAGE,
    "api-casefile": CASE_API, "api-casefile-bagit": CASE_API, "api-case-register": REGISTER_API,
}
WRITES = {
    "casefiles:case": READ_ONLY_PAGE, "casefiles:bagit": READ_ONLY_PAGE,
    "casefiles:register": READ_ONLY_PAGE, "casefiles:register_xlsx": READ_ONLY_PAGE,
    "api-casefile": READ_ONLY_API, "api-casefile-bagit": READ_ONLY_API, "api-case-register": READ_ONLY_API,
}
