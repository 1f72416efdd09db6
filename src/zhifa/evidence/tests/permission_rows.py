"""The evidence app's rows of the permission matrix (zhifa.accounts.tests.test_permission_matrix).

In the demo market agency: a case handled by the demo ``officer`` (and a colleague), one stored
photo, and one unfinished upload of the officer's. Readers are the agency's staff (404 for the
supervisor and the administrator, who read through supervision); uploading and withdrawing are for
those who may handle the case; an upload belongs to its creator alone.
"""

import io

from zhifa.accounts.tests.test_permission_matrix import OK, row

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 2000


def paths(agency):
    from zhifa.accounts.models import User
    from zhifa.cases.services import certificate_problem
    from zhifa.evidence import services
    from zhifa.organizations.models import Person
    from zhifa.testing import make_case

    officer = User.objects.get(username="officer")
    head = User.objects.get(username="agency_head")
    colleague = next(p for p in Person.objects.filter(agency=agency, post="officer").exclude(pk=officer.person_id)
                     if certificate_problem(p) is None)
    case = make_case(head, officers=[officer.person, colleague])
    metadata = {"case": str(case.pk), "filename": "现场照片.jpg", "filetype": "image/jpeg", "title": "现场照片"}
    stored = services.start_upload(officer, case, length=len(JPEG), metadata=metadata)
    services.receive(officer, stored, io.BytesIO(JPEG), offset=0, content_length=len(JPEG))
    stored.refresh_from_db()
    pending = services.start_upload(officer, case, length=len(JPEG), metadata=metadata)
    evidence = stored.evidence
    return {
        "evidence:uploads": "/evidence/uploads/",
        "evidence:upload": f"/evidence/uploads/{pending.pk}/",
        "evidence:finish": f"/evidence/uploads/{pending.pk}/finish/",
        "evidence:case": f"/evidence/case/{case.pk}/",
        "evidence:upload_page": f"/evidence/case/{case.pk}/upload/",
        "evidence:detail": f"/evidence/{evidence.pk}/",
        "evidence:content": f"/evidence/{evidence.pk}/content/",
        "evidence:withdraw": f"/evidence/{evidence.pk}/withdraw/",
        "api-case-evidence": f"/api/v1/cases/{case.pk}/evidence/",
        "api-evidence": f"/api/v1/evidence/{evidence.pk}/",
        "api-evidence-content": f"/api/v1/evidence/{evidence.pk}/content/",
        "api-evidence-withdraw": f"/api/v1/evidence/{evidence.pk}/withdraw/",
    }


CASE_READERS_PAGE = row(302, 200, 200, 200, 200, 200, 404, 404)
CASE_READERS_API = row(403, 200, 200, 200, 200, 200, 404, 404)
TUS_GET = row(403, 405, 405, 405, 405, 405, 405, 405)  # tus has no GET; anonymous is refused first

MATRIX = {
    "evidence:uploads": TUS_GET,
    "evidence:upload": TUS_GET,
    "evidence:finish": row(302, 405, 405, 405, 405, 405, 405, 405),
    "evidence:case": CASE_READERS_PAGE,
    "evidence:upload_page": row(302, 200, 200, 403, 200, 403, 404, 404),
    "evidence:detail": CASE_READERS_PAGE,
    "evidence:content": CASE_READERS_PAGE,
    "evidence:withdraw": row(302, 405, 405, 405, 405, 405, 405, 405),
    "api-case-evidence": CASE_READERS_API,
    "api-evidence": CASE_READERS_API,
    "api-evidence-content": CASE_READERS_API,
    "api-evidence-withdraw": row(403, 405, 405, 405, 405, 405, 405, 405),
}

WRITES = {
    # A POST without the Tus-Resumable header is 412 for everyone signed in: it never creates anything.
    "evidence:uploads": row(403, 412, 412, 412, 412, 412, 412, 412),
    # PATCH/HEAD/DELETE only; and only the creator would get further (see test_tus_protocol).
    "evidence:upload": row(403, 405, 405, 405, 405, 405, 405, 405),
    # The creator's upload is not complete yet (409); anyone else does not see it.
    "evidence:finish": row(302, 409, 404, 404, 404, 404, 404, 404),
    # Handlers reach validation (a reason is required); readers are refused; outsiders do not see it.
    "evidence:withdraw": row(302, OK, OK, 403, OK, 403, 404, 404),
    "api-evidence-withdraw": row(403, OK, OK, 403, OK, 403, 404, 404),
    "api-case-evidence": row(403, 405, 405, 405, 405, 405, 405, 405),
    "api-evidence": row(403, 405, 405, 405, 405, 405, 405, 405),
}
