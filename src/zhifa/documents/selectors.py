"""Every read of documents, scoped by the user through the case (security by default)."""

from django.http import Http404

from zhifa.cases import permissions
from zhifa.cases.selectors import cases, get_case

from .models import Document, DocumentTemplate


def case_documents(user, case):
    """Every document of a case the user may read (drafts, issued and superseded), oldest first."""
    if not permissions.can_read(user, case):
        return Document.objects.none()
    return case.documents.select_related("template", "issued_by", "created_by", "supersedes").order_by("created_at", "pk")


def get_document(user, pk) -> Document:
    """A document of a case the user may read, else 404."""
    try:
        document = Document.objects.select_related("case", "template", "case__agency", "case__procedure").get(
            pk=pk, case__in=cases(user)
        )
    except (Document.DoesNotExist, ValueError, TypeError):
        raise Http404("文书不存在或无权查看") from None
    return document


def get_case_document(user, case_pk, pk) -> Document:
    case = get_case(user, case_pk)
    document = get_document(user, pk)
    if document.case_id != case.pk:
        raise Http404("文书不存在或无权查看")
    return document


def issued_documents(case):
    """The case's current issued documents (corrected ones replaced by their corrections), by issue time.

    For the case-file and archive module: each has ``title``, ``number``, ``issued_at``, ``pdf_sha256``
    (the blob digest of the sealed PDF) and ``page_count``.
    """
    return case.documents.filter(status=Document.Status.ISSUED).select_related("template").order_by("issued_at", "pk")


def templates_for_stage(case, stage: str | None = None) -> list[DocumentTemplate]:
    """The templates the handling officers make in the case's current (or the given) stage, in catalogue order."""
    from .services import REVIEW_BODY_TEMPLATES  # issued from the review pages, by the review body only

    stage = stage or case.stage
    return [t for t in DocumentTemplate.objects.filter(is_active=True).exclude(code__in=REVIEW_BODY_TEMPLATES)
            if t.belongs_to(case.procedure_code, stage)]


def templates_for_procedure(case) -> list[DocumentTemplate]:
    prefix = f"{case.procedure_code}:"
    return [t for t in DocumentTemplate.objects.filter(is_active=True) if any(k.startswith(prefix) for k in t.stages)]
