"""The documents app's rows of the permission matrix (accounts/tests/test_permission_matrix.py).

The demo officer handles the case (its person is one of the two officers); heads handle every case
of the agency; the reviewer and the publisher read it; the supervisor and the administrator see no
case through these pages (supervision has its own logged access), so they get 404.
"""

import io

from django.urls import reverse

from zhifa.accounts.tests.test_permission_matrix import OK, row

# anonymous, officer, dept_head, reviewer, agency_head, publisher, supervisor, admin
READ_PAGE = row(302, 200, 200, 200, 200, 200, 404, 404)
HANDLE_PAGE = row(302, 200, 200, 403, 200, 403, 404, 404)
POST_ONLY = row(302, 405, 405, 405, 405, 405, 405, 405)
READ_API = row(403, 200, 200, 200, 200, 200, 404, 404)
POST_ONLY_API = row(403, 405, 405, 405, 405, 405, 405, 405)

HANDLE_WRITE = row(302, OK, OK, 403, OK, 403, 404, 404)
HANDLE_API_WRITE = row(403, OK, OK, 403, OK, 403, 404, 404)


def paths(agency) -> dict:
    from django.utils import timezone

    from zhifa.accounts.models import User
    from zhifa.documents.loader import load_shipped_templates
    from zhifa.documents.models import Document, DocumentTemplate
    from zhifa.ledger import blobs
    from zhifa.signing.tests.pdfs import make_pdf
    from zhifa.testing import make_case, make_officers

    load_shipped_templates()
    head = User.objects.get(username="agency_head")
    officer = User.objects.get(username="officer")
    partner = make_officers(agency, 1, names=("矩阵办案员",))[0]
    case = make_case(head, officers=[officer.person, partner], stage="decision")
    template = DocumentTemplate.objects.get(code="delivery_receipt")
    draft_sha = blobs.put_bytes(template_bytes(template))
    draft = Document.objects.create(case=case, template=template, title=template.title, stage=case.stage,
                                     draft_sha256=draft_sha, created_by=head)
    pdf_sha = blobs.put_bytes(make_pdf(["matrix"]))
    issued = Document.objects.create(case=case, template=template, title=template.title, stage=case.stage,
                                     draft_sha256=draft_sha, created_by=head, status=Document.Status.ISSUED,
                                     pdf_sha256=pdf_sha, page_count=1, issued_at=timezone.now(), issued_by=head)
    return {
        "documents:case": reverse("documents:case", args=[case.pk]),
        "documents:new": reverse("documents:new", args=[case.pk, "delivery_receipt"]),
        "documents:detail": reverse("documents:detail", args=[draft.pk]),
        "documents:redraft": reverse("documents:redraft", args=[draft.pk]),
        "documents:upload": reverse("documents:upload", args=[draft.pk]),
        "documents:issue": reverse("documents:issue", args=[draft.pk]),
        "documents:discard": reverse("documents:discard", args=[draft.pk]),
        "documents:correct": reverse("documents:correct", args=[issued.pk]),
        "documents:draft": reverse("documents:draft", args=[draft.pk]),
        "documents:pdf": reverse("documents:pdf", args=[issued.pk]),
        "api-case-documents": reverse("api-case-documents", args=[case.pk]),
        "api-case-document-issue": reverse("api-case-document-issue", args=[case.pk, draft.pk]),
        "api-document": reverse("api-document", args=[issued.pk]),
        "api-document-pdf": reverse("api-document-pdf", args=[issued.pk]),
    }


def template_bytes(template) -> bytes:
    from zhifa.documents.loader import template_path

    return io.BytesIO(template_path(template.source).read_bytes()).getvalue()


MATRIX = {
    "documents:case": READ_PAGE, "documents:new": HANDLE_PAGE, "documents:detail": READ_PAGE,
    "documents:redraft": POST_ONLY, "documents:upload": POST_ONLY, "documents:issue": POST_ONLY,
    "documents:discard": POST_ONLY, "documents:correct": POST_ONLY,
    "documents:draft": READ_PAGE, "documents:pdf": READ_PAGE,
    "api-case-documents": READ_API, "api-case-document-issue": POST_ONLY_API,
    "api-document": READ_API, "api-document-pdf": READ_API,
}

# An empty POST: handlers reach validation (a form's errors, a redirect with the reason, a 400), the rest are refused.
WRITES = {
    "documents:new": HANDLE_WRITE, "documents:redraft": HANDLE_WRITE, "documents:upload": HANDLE_WRITE,
    "documents:correct": HANDLE_WRITE,
    "api-case-documents": HANDLE_API_WRITE,
}
