"""The complaints app's rows of the permission matrix (accounts/tests/test_permission_matrix.py).

Anyone files and looks up (an empty form is a 400, never a change). The agency's officers and heads
accept, refuse and answer; the publisher reads the queue; reviewers, supervisors and the
administrator see no complaint (the complainant's details stay inside the agency's handling staff).
"""

from django.urls import reverse as r

from zhifa.accounts.tests.test_permission_matrix import OK, PUBLIC, row

LIST_PAGE = row(302, 200, 200, 403, 200, 200, 403, 403)
DETAIL_PAGE = row(302, 200, 200, 404, 200, 200, 404, 404)
POST_ONLY = row(302, 405, 405, 405, 405, 405, 405, 405)
LIST_API = row(403, 200, 200, 403, 200, 200, 403, 403)
DETAIL_API = row(403, 200, 200, 404, 200, 200, 404, 404)
POST_ONLY_API = row(403, 405, 405, 405, 405, 405, 405, 405)
PUBLIC_POST_ONLY_API = row(405, 405, 405, 405, 405, 405, 405, 405)

ANYONE = row(OK, OK, OK, OK, OK, OK, OK, OK)
HANDLE_WRITE = row(302, OK, OK, 404, OK, 403, 404, 404)
HANDLE_API = row(403, OK, OK, 404, OK, 403, 404, 404)


def paths(agency) -> dict:
    from zhifa.complaints import services

    complaint, _ = services.file_complaint(agency, {
        "kind": "report", "subject": "矩阵测试商店", "content": "矩阵测试：该商店销售过期食品，请依法查处。"}, source="matrix")
    c = complaint.pk
    return {
        "complaints_public:new": r("complaints_public:new"), "complaints_public:progress": r("complaints_public:progress"),
        "complaints:list": r("complaints:list"), "complaints:detail": r("complaints:detail", args=[c]),
        "complaints:register": r("complaints:register", args=[c]), "complaints:reject": r("complaints:reject", args=[c]),
        "complaints:answer": r("complaints:answer", args=[c]),
        "api-public-complaint-challenge": r("api-public-complaint-challenge"),
        "api-public-complaints": r("api-public-complaints"), "api-public-progress": r("api-public-progress"),
        "api-complaints": r("api-complaints"), "api-complaint": r("api-complaint", args=[c]),
        "api-complaint-register": r("api-complaint-register", args=[c]),
        "api-complaint-reject": r("api-complaint-reject", args=[c]),
        "api-complaint-answer": r("api-complaint-answer", args=[c]),
    }


MATRIX = {
    "complaints_public:new": PUBLIC, "complaints_public:progress": PUBLIC, "api-public-complaint-challenge": PUBLIC,
    "api-public-complaints": PUBLIC_POST_ONLY_API, "api-public-progress": PUBLIC_POST_ONLY_API,
    "complaints:list": LIST_PAGE, "complaints:detail": DETAIL_PAGE,
    "complaints:register": POST_ONLY, "complaints:reject": POST_ONLY, "complaints:answer": POST_ONLY,
    "api-complaints": LIST_API, "api-complaint": DETAIL_API,
    "api-complaint-register": POST_ONLY_API, "api-complaint-reject": POST_ONLY_API, "api-complaint-answer": POST_ONLY_API,
}

WRITES = {
    "complaints_public:new": ANYONE, "complaints_public:progress": ANYONE, "api-public-complaints": ANYONE,
    "api-public-progress": ANYONE,
    "complaints:register": HANDLE_WRITE, "complaints:reject": HANDLE_WRITE, "complaints:answer": HANDLE_WRITE,
    "api-complaint-register": HANDLE_API, "api-complaint-reject": HANDLE_API, "api-complaint-answer": HANDLE_API,
}
