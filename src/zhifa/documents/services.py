"""Every change to a case's documents (R1, R2, R6; PL Art. 44, 59, 61).

Drafting, re-drafting, uploading an edited draft, issuing, correcting and discarding are one
function each, one transaction each: permission (``cases.services.editable``: a handling officer
or a head of the agency, never on an archived case), validation, the change, the journal entry
with the case as subject.

Issuing: the number, the PDF and the seal are made inside ONE transaction. The number must be
printed in the sealed PDF, and a number taken by a transaction that later fails must go back to
the series (gap-free numbering), so the number is allocated, rendered into the DOCX, converted and
signed before the transaction commits. Converting with a warm LibreOffice takes about 0.1 s and
signing about 1 s, so the series row (PostgreSQL) or the write lock (SQLite, one machine) is held
for about a second per issue — acceptable for an agency's pace of issuing; everything that can be
checked beforehand (fields, case data, the draft's marks) is checked before the number is taken.
"""

import contextlib
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.cases.services import editable, journal, lock, touch
from zhifa.core import numbering
from zhifa.ledger import blobs
from zhifa.signing.permissions import issuing_for_review_body
from zhifa.signing.services import sign_pdf

from . import convert, render
from .catalogue import NUMBER_MARK
from .models import Document, DocumentTemplate
from .signals import document_issued

MAX_UPLOAD = 10 * 1024 * 1024

# Templates the review body issues in the agency's name: a reviewer of the agency drafts and issues
# exactly these (L4); everything else needs a handling officer or a head.
REVIEW_BODY_TEMPLATES = frozenset({"legal_review_opinion"})


def _by_review_body(actor, case, template_code: str) -> bool:
    return (template_code in REVIEW_BODY_TEMPLATES and actor.is_authenticated and actor.role == Role.REVIEWER
            and actor.agency_id == case.agency_id)


def _editable(actor, case, template_code: str, version=None):
    """``cases.services.editable`` — but the review body's own templates only a reviewer of the agency (L1, L4)."""
    if template_code in REVIEW_BODY_TEMPLATES:
        if not _by_review_body(actor, case, template_code):
            raise PermissionDenied("法制审核意见书由本机关法制审核机构出具，办案人员不能制作")
        return lock(case, version)
    return editable(actor, case, version)


class DocumentUnavailable(Exception):
    """Issuing cannot proceed for a reason of the installation (no LibreOffice, no signing key)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def template_by_code(code: str) -> DocumentTemplate:
    template = DocumentTemplate.objects.filter(code=code, is_active=True).first()
    if template is None:
        raise ValidationError({"template": f"没有名为“{code}”的文书模板"})
    return template


def _check_applies(template, case):
    if not any(key.split(":", 1)[0] == case.procedure_code for key in template.stages):
        raise ValidationError({"template": f"《{template.title}》不适用于本案的执法流程（{case.procedure.name}）"})
    missing = render.missing_case_data(template, case)
    if missing:
        raise ValidationError({"template": f"制作《{template.title}》前，请先在案件中填写：{'、'.join(missing)}"})


def _render(template, case, fields) -> tuple[str, dict]:
    cleaned = render.clean_fields(template, fields)
    context = render.case_context(case)
    context["f"] = cleaned
    return blobs.put_bytes(render.render_docx(template, context)), cleaned


@transaction.atomic
def create_draft(actor, case, template_code: str, fields: dict, *, version=None, supersedes=None, reason="") -> Document:
    """Render ``template_code`` from the case and the officer's ``fields`` into an editable DOCX draft."""
    case = _editable(actor, case, template_code, version)
    template = template_by_code(template_code)
    _check_applies(template, case)
    digest, cleaned = _render(template, case, fields)
    document = Document.objects.create(
        case=case, template=template, title=template.title, stage=case.stage, fields=cleaned, draft_sha256=digest,
        created_by=actor, supersedes=supersedes, correction_reason=reason,
        revision=(supersedes.revision + 1) if supersedes else 1,
    )
    touch(case)
    journal(actor, case, "document.drafted", {
        "document": document.pk, "template": template.code, "title": document.title, "draft_sha256": digest,
        "revision": document.revision, "supersedes": supersedes.pk if supersedes else None, "reason": reason,
    })
    return document


def _draft(document, case) -> Document:
    document = Document.objects.select_for_update().select_related("template").get(pk=document.pk)
    if document.case_id != case.pk:
        raise PermissionDenied("文书不属于该案件")
    if document.status != Document.Status.DRAFT:
        raise ValidationError({"document": "已签发的文书不能修改；如有错误，请制作更正版本"})
    return document


@transaction.atomic
def update_draft(actor, document: Document, fields: dict, *, version=None) -> Document:
    """Re-render a draft after the officer changed the fields or the case changed."""
    case = editable(actor, document.case, version)
    document = _draft(document, case)
    _check_applies(document.template, case)
    digest, cleaned = _render(document.template, case, fields)
    document.fields, document.draft_sha256, document.draft_uploaded = cleaned, digest, False
    document.save()
    touch(case)
    journal(actor, case, "document.redrafted", {"document": document.pk, "title": document.title, "draft_sha256": digest})
    return document


@transaction.atomic
def upload_draft(actor, document: Document, data: bytes, *, version=None) -> Document:
    """The officer's own edit of the draft (DOCX) becomes the draft to issue."""
    case = editable(actor, document.case, version)
    document = _draft(document, case)
    if not data:
        raise ValidationError({"file": "请选择修改后的DOCX文件"})
    if len(data) > MAX_UPLOAD:
        raise ValidationError({"file": "文件不能超过10MB"})
    if not render.is_docx(data):
        raise ValidationError({"file": "只能上传Word文档（.docx）；其他格式的文件不能作为文书草稿"})
    _, marks = render.fill_marks(data, number="", date="")
    if document.template.number_kind and NUMBER_MARK not in marks:
        raise ValidationError({"file": f"上传的文书缺少文号位置“{NUMBER_MARK}”，签发时无法填入文号；请保留该标记"})
    digest = blobs.put_bytes(data)
    document.draft_sha256, document.draft_uploaded = digest, True
    document.save()
    touch(case)
    journal(actor, case, "document.draft_uploaded", {"document": document.pk, "title": document.title, "draft_sha256": digest})
    return document


@transaction.atomic
def discard_draft(actor, document: Document, *, version=None):
    case = editable(actor, document.case, version)
    document = _draft(document, case)
    payload = {"document": document.pk, "title": document.title, "draft_sha256": document.draft_sha256}
    document.delete()
    touch(case)
    journal(actor, case, "document.draft_discarded", payload)


def _issue_date(today: datetime.date) -> str:
    return f"{today.year}年{today.month}月{today.day}日"


@transaction.atomic
def issue(actor, document: Document, *, version=None) -> Document:
    """Number, convert to PDF, seal, store and journal a draft; a correction supersedes its predecessor."""
    case = _editable(actor, document.case, document.template.code, version)
    document = _draft(document, case)
    template = document.template
    today = timezone.localdate()
    with blobs.open_blob(document.draft_sha256) as handle:
        draft = handle.read()
    previous = None
    if document.supersedes_id:
        previous = Document.objects.select_for_update().get(pk=document.supersedes_id)
        if previous.status != Document.Status.ISSUED:
            raise ValidationError({"document": f"被更正的《{previous.title}》已不是现行文书"})
    # Everything checkable is checked before a number is taken.
    _, marks = render.fill_marks(draft, number="", date="")
    if template.number_kind and NUMBER_MARK not in marks:
        raise ValidationError({"file": f"文书草稿缺少文号位置“{NUMBER_MARK}”，无法签发"})
    if previous is not None:
        number = previous.number  # a corrected document keeps its number: it is the same decision, corrected
    elif template.number_kind:
        number = numbering.allocate(case.agency, template.number_kind, on=today)
    else:
        number = ""
    final_docx, _ = render.fill_marks(draft, number=number, date=_issue_date(today))
    try:
        pdf = convert.docx_to_pdf(final_docx)
    except convert.ConversionError as exc:
        raise DocumentUnavailable(str(exc)) from exc
    from zhifa.signing.pki import SigningUnavailable

    review_body = _by_review_body(actor, case, template.code)
    try:
        with issuing_for_review_body() if review_body else contextlib.nullcontext():
            signed = sign_pdf(actor, case.agency, pdf, title=f"{template.title}（{case.display_number}）",
                              document_number=number)
    except SigningUnavailable as exc:
        raise DocumentUnavailable(exc.message) from exc
    digest = blobs.put_bytes(signed.pdf)
    document.status, document.number, document.pdf_sha256 = Document.Status.ISSUED, number, digest
    document.page_count = render.page_count(signed.pdf)
    document.signed, document.issued_at, document.issued_by = signed, signed.signed_at, actor
    document.save()
    if previous is not None:
        previous.status, previous.superseded_at = Document.Status.SUPERSEDED, signed.signed_at
        previous.save(update_fields=["status", "superseded_at", "updated_at"])
    touch(case)
    journal(actor, case, "document.issued", {
        "document": document.pk, "template": template.code, "title": document.title, "number": number,
        "sha256": digest, "draft_sha256": document.draft_sha256, "page_count": document.page_count,
        "revision": document.revision, "signature_token": signed.token, "issued_at": signed.signed_at.isoformat(),
        "supersedes": previous.pk if previous else None,
    })
    if previous is not None:
        journal(actor, case, "document.superseded", {
            "document": previous.pk, "title": previous.title, "number": previous.number, "sha256": previous.pdf_sha256,
            "superseded_by": document.pk, "superseded_by_sha256": digest, "reason": document.correction_reason,
        })
    document_issued.send(sender=Document, document=document, actor=actor, docx=final_docx, previous=previous)
    return document


@transaction.atomic
def issue_document(actor, case, template_code: str, fields: dict, *, version=None) -> Document:
    """Draft and issue in one step: for other modules (archive: 卷宗封面、卷内目录; review: 法制审核意见书)."""
    document = create_draft(actor, case, template_code, fields, version=version)
    return issue(actor, document)


@transaction.atomic
def start_correction(actor, document: Document, *, reason: str, fields: dict | None = None, version=None) -> Document:
    """A new revision of an issued document; issuing it supersedes the old one (both are kept)."""
    case = editable(actor, document.case, version)
    document = Document.objects.select_for_update().select_related("template").get(pk=document.pk)
    if document.case_id != case.pk:
        raise PermissionDenied("文书不属于该案件")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写更正理由"})
    if document.status != Document.Status.ISSUED:
        raise ValidationError({"document": "只能更正现行的已签发文书"})
    if Document.objects.filter(supersedes=document).exists():
        raise ValidationError({"document": "该文书已有待签发的更正版本"})
    return create_draft(actor, case, document.template.code, document.fields if fields is None else fields,
                        supersedes=document, reason=reason)


@transaction.atomic
def record_access(actor, document: Document, *, what: str = "pdf"):
    """R6: every download of an issued document is a journalled record access."""
    journal(actor, document.case, "record.accessed", {
        "record": "document", "document": document.pk, "title": document.title, "number": document.number,
        "sha256": document.pdf_sha256, "what": what,
    })
