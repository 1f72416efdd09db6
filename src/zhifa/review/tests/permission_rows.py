"""The review app's rows of the permission matrix (accounts/tests/test_permission_matrix.py)."""

from django.urls import reverse as r

from zhifa.accounts.tests.test_permission_matrix import OK, row

QUEUE_PAGE = row(302, 200, 200, 200, 200, 403, 403, 403)
CASE_PAGE = row(302, 200, 200, 200, 200, 200, 404, 404)  # one case's review: other scopes do not learn it exists
HANDLER_PAGE = row(302, 200, 200, 403, 200, 403, 404, 404)
HEAD_PAGE = row(302, 403, 200, 403, 200, 403, 404, 404)
OVERSIGHT_PAGE = row(302, 403, 200, 200, 200, 403, 200, 200)
POST_ONLY = row(302, 405, 405, 405, 405, 405, 405, 405)
QUEUE_API = row(403, 200, 200, 200, 200, 403, 403, 403)
CASE_API = row(403, 200, 200, 200, 200, 200, 404, 404)
OVERSIGHT_API = row(403, 403, 200, 200, 200, 403, 200, 200)
POST_ONLY_API = row(403, 405, 405, 405, 405, 405, 405, 405)

HANDLER_WRITE = row(302, OK, OK, 403, OK, 403, 404, 404)
HEAD_WRITE = row(302, 403, OK, 403, OK, 403, 404, 404)
REVIEWER_WRITE = row(302, 403, 403, OK, 403, 403, 404, 404)
ASSIGN_WRITE = row(302, 403, 403, OK, OK, 403, 404, 404)  # a reviewer or the agency head assigns
COORDINATE_WRITE = row(302, 403, OK, OK, OK, 403, 404, 404)
HEAD_ONLY_WRITE = row(302, 403, 403, 403, OK, 403, 404, 404)  # the agency head, not the department head
HANDLER_API = row(403, OK, OK, 403, OK, 403, 404, 404)
HEAD_API = row(403, 403, OK, 403, OK, 403, 404, 404)
REVIEWER_API = row(403, 403, 403, OK, 403, 403, 404, 404)
ASSIGN_API = row(403, 403, 403, OK, OK, 403, 404, 404)
COORDINATE_API = row(403, 403, OK, OK, OK, 403, 404, 404)
HEAD_ONLY_API = row(403, 403, 403, 403, OK, 403, 404, 404)


def paths(agency) -> dict:
    from zhifa.accounts.models import User
    from zhifa.organizations.models import Person
    from zhifa.review import services
    from zhifa.review.models import CheckPoint
    from zhifa.testing import make_case

    head = User.objects.get(username="agency_head")
    officer = User.objects.get(username="officer")
    reviewer = User.objects.get(username="reviewer")
    partner = Person.objects.filter(agency=agency, post="officer", certificates__isnull=False).exclude(
        pk=officer.person_id).first()
    case = make_case(head, officers=[officer.person, partner], stage="legal_review")
    materials = {code: {"text": "材料"} for code in ("investigation_report", "draft_decision", "evidence_list",
                                                     "discretion_statement")}
    submission = services.submit(officer, case, proposal="拟罚款", materials=materials)
    opinion = services.give_opinion(reviewer, submission, kind="correct", reasons="裁量不当",
                                    checks={p.value: ("problem" if p == CheckPoint.DISCRETION else "pass", "过重")
                                            for p in CheckPoint})
    contest = services.contest(officer, opinion, reasons="不同意")
    pk, c = submission.pk, case.pk
    material = submission.materials.first()
    return {
        "review:queue": r("review:queue"), "review:oversight": r("review:oversight"),
        "review:submit": r("review:submit", args=[c]), "review:trail": r("review:trail", args=[c]),
        "review:detail": r("review:detail", args=[pk]), "review:assign": r("review:assign", args=[pk]),
        "review:return": r("review:return", args=[pk]), "review:opinion": r("review:opinion", args=[pk]),
        "review:extend": r("review:extend", args=[pk]), "review:approve": r("review:approve", args=[pk]),
        "review:opinion_document": r("review:opinion_document", args=[opinion.pk]),
        "review:contest": r("review:contest", args=[opinion.pk]),
        "review:coordinate": r("review:coordinate", args=[contest.pk]),
        "review:discussion": r("review:discussion", args=[contest.pk]),
        "review:material_file": r("review:material_file", args=[material.pk]),
        "api-review-queue": r("api-review-queue"), "api-review-statistics": r("api-review-statistics"),
        "api-review-case-submissions": r("api-review-case-submissions", args=[c]),
        "api-review-trail": r("api-review-trail", args=[c]),
        "api-review-submission": r("api-review-submission", args=[pk]),
        "api-review-assign": r("api-review-assign", args=[pk]), "api-review-return": r("api-review-return", args=[pk]),
        "api-review-opinion": r("api-review-opinion", args=[pk]), "api-review-extend": r("api-review-extend", args=[pk]),
        "api-review-approve": r("api-review-approve", args=[pk]),
        "api-review-opinion-document": r("api-review-opinion-document", args=[opinion.pk]),
        "api-review-contest": r("api-review-contest", args=[opinion.pk]),
        "api-review-coordination": r("api-review-coordination", args=[contest.pk]),
        "api-review-discussion": r("api-review-discussion", args=[contest.pk]),
    }


MATRIX = {
    "review:queue": QUEUE_PAGE, "review:oversight": OVERSIGHT_PAGE, "review:submit": HANDLER_PAGE,
    "review:trail": CASE_PAGE, "review:detail": CASE_PAGE, "review:contest": HANDLER_PAGE,
    "review:discussion": HEAD_PAGE, "review:material_file": row(302, 404, 404, 404, 404, 404, 404, 404),
    "review:assign": POST_ONLY, "review:return": POST_ONLY, "review:opinion": POST_ONLY, "review:extend": POST_ONLY,
    "review:approve": POST_ONLY, "review:opinion_document": POST_ONLY, "review:coordinate": POST_ONLY,
    "api-review-queue": QUEUE_API, "api-review-statistics": OVERSIGHT_API, "api-review-case-submissions": CASE_API,
    "api-review-trail": CASE_API, "api-review-submission": CASE_API,
    "api-review-assign": POST_ONLY_API, "api-review-return": POST_ONLY_API, "api-review-opinion": POST_ONLY_API,
    "api-review-extend": POST_ONLY_API, "api-review-approve": POST_ONLY_API,
    "api-review-opinion-document": POST_ONLY_API, "api-review-contest": POST_ONLY_API,
    "api-review-coordination": POST_ONLY_API, "api-review-discussion": POST_ONLY_API,
}

WRITES = {
    "review:submit": HANDLER_WRITE, "review:contest": HANDLER_WRITE, "review:discussion": HEAD_WRITE,
    "review:assign": ASSIGN_WRITE, "review:return": REVIEWER_WRITE, "review:opinion": REVIEWER_WRITE,
    "review:extend": HEAD_ONLY_WRITE, "review:approve": HEAD_ONLY_WRITE, "review:coordinate": COORDINATE_WRITE,
    "review:opinion_document": row(302, 403, 403, OK, 403, 403, 404, 404),
    "api-review-case-submissions": HANDLER_API, "api-review-contest": HANDLER_API, "api-review-discussion": HEAD_API,
    "api-review-assign": ASSIGN_API, "api-review-return": REVIEWER_API, "api-review-opinion": REVIEWER_API,
    "api-review-extend": HEAD_ONLY_API, "api-review-approve": HEAD_ONLY_API, "api-review-coordination": COORDINATE_API,
    "api-review-opinion-document": row(403, 403, 403, OK, 403, 403, 404, 404),
}
