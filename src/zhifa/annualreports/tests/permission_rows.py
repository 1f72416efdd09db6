"""The annual reports' rows of the permission matrix (accounts/tests/test_permission_matrix.py).

Published reports are public. The publisher and the agency head prepare their agency's report,
the head alone approves it, the supervisor reads the region; the others neither read nor write.
"""

from django.urls import reverse as r

from zhifa.accounts.tests.test_permission_matrix import OK, PUBLIC, row

LIST_PAGE = row(302, 403, 403, 403, 200, 200, 200, 403)
DETAIL_PAGE = row(302, 404, 404, 404, 200, 200, 200, 404)
POST_ONLY = row(302, 405, 405, 405, 405, 405, 405, 405)
LIST_API = row(403, 403, 403, 403, 200, 200, 200, 403)
DETAIL_API = row(403, 404, 404, 404, 200, 200, 200, 404)
POST_ONLY_API = row(403, 405, 405, 405, 405, 405, 405, 405)

DRAFT_WRITE = row(302, 403, 403, 403, OK, OK, 403, 403)
DRAFT_API = row(403, 403, 403, 403, OK, OK, 403, 403)
MANAGE_WRITE = row(302, 404, 404, 404, OK, OK, 403, 404)
APPROVE_WRITE = row(302, 404, 404, 404, OK, 403, 403, 404)
MANAGE_API = row(403, 404, 404, 404, OK, OK, 403, 404)
APPROVE_API = row(403, 404, 404, 404, OK, 403, 403, 404)


def paths(agency) -> dict:
    from django.utils import timezone

    from zhifa.accounts.models import User
    from zhifa.annualreports import services
    from zhifa.annualreports.models import AnnualReport
    from zhifa.ledger import blobs
    from zhifa.signing.tests.pdfs import make_pdf

    publisher = User.objects.get(username="publisher")
    year = timezone.localdate().year
    published = services.generate(publisher, agency, year - 2)
    AnnualReport.objects.filter(pk=published.pk).update(  # as approval and publication leave it
        status=AnnualReport.Status.PUBLISHED, pdf_sha256=blobs.put_bytes(make_pdf(["annual report"])),
        approved_at=timezone.now(), published_at=timezone.now())
    draft = services.generate(publisher, agency, year - 1)
    d = draft.pk
    return {
        "annualreports_public:list": r("annualreports_public:list"),
        "annualreports_public:detail": r("annualreports_public:detail", args=[published.pk]),
        "annualreports_public:pdf": r("annualreports_public:pdf", args=[published.pk]),
        "annualreports:list": r("annualreports:list"), "annualreports:detail": r("annualreports:detail", args=[d]),
        "annualreports:pdf": r("annualreports:pdf", args=[published.pk]),
        "annualreports:update": r("annualreports:update", args=[d]),
        "annualreports:regenerate": r("annualreports:regenerate", args=[d]),
        "annualreports:approve": r("annualreports:approve", args=[d]),
        "annualreports:publish": r("annualreports:publish", args=[d]),
        "api-public-reports": r("api-public-reports"), "api-public-report": r("api-public-report", args=[published.pk]),
        "api-annual-reports": r("api-annual-reports"), "api-annual-report": r("api-annual-report", args=[d]),
        "api-annual-report-approve": r("api-annual-report-approve", args=[d]),
        "api-annual-report-publish": r("api-annual-report-publish", args=[d]),
    }


MATRIX = {
    "annualreports_public:list": PUBLIC, "annualreports_public:detail": PUBLIC, "annualreports_public:pdf": PUBLIC,
    "api-public-reports": PUBLIC, "api-public-report": PUBLIC,
    "annualreports:list": LIST_PAGE, "annualreports:detail": DETAIL_PAGE, "annualreports:pdf": DETAIL_PAGE,
    "annualreports:update": POST_ONLY, "annualreports:regenerate": POST_ONLY, "annualreports:approve": POST_ONLY,
    "annualreports:publish": POST_ONLY,
    "api-annual-reports": LIST_API, "api-annual-report": DETAIL_API,
    "api-annual-report-approve": POST_ONLY_API, "api-annual-report-publish": POST_ONLY_API,
}

WRITES = {
    "annualreports:list": DRAFT_WRITE, "api-annual-reports": DRAFT_API,
    "annualreports:update": MANAGE_WRITE, "annualreports:regenerate": MANAGE_WRITE,
    "annualreports:approve": APPROVE_WRITE, "annualreports:publish": MANAGE_WRITE,
    "api-annual-report-approve": APPROVE_API, "api-annual-report-publish": MANAGE_API,
}
