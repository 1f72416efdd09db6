"""Signing issued documents (R6 electronic signatures, P10 documents the public can check).

``sign_pdf`` is the one way a PDF leaves Zhifa with an agency's seal. Document generation (the
case-handling issue) calls it with the rendered PDF and files the returned bytes in the case file.
"""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhifa.disclosure.qr import public_url
from zhifa.ledger.services import append

from .models import SignedDocument
from .pdf import PdfRejected, stamp_and_sign
from .permissions import can_sign_for
from .pki import load_material


def verification_url(token: str) -> str:
    """The public page the document's QR code leads to."""
    return public_url(reverse("signing:document", args=[token]))


def sign_pdf(
    actor, agency, pdf_bytes: bytes, *, title: str, document_number: str | None = None
) -> SignedDocument:
    """Seal ``pdf_bytes`` in ``agency``'s name and record it (R6, P10).

    The QR code printed before signing carries a random token, since the digest of the final file
    is known only after signing; the token's row then holds that digest. Returns the saved
    :class:`SignedDocument` with the signed file in its (unsaved) ``pdf`` attribute.

    Raises ``PermissionDenied`` unless the actor issues documents for this agency,
    ``ValidationError`` for a bad title or an unusable PDF (field ``file``), and
    :class:`~zhifa.signing.pki.SigningUnavailable` when the agency has no usable signing certificate.
    """
    if not can_sign_for(actor, agency):
        raise PermissionDenied("只有本机关的执法人员、承办机构负责人或机关负责人可以签发本机关文书")
    document = SignedDocument(
        token=secrets.token_urlsafe(32),
        agency=agency,
        title=(title or "").strip(),
        document_number=(document_number or "").strip(),
        signed_at=timezone.localtime().replace(microsecond=0),
        signed_by=actor,
    )
    document.full_clean(exclude=["source_sha256", "sha256", "size", "certificate_sha256"])
    if not pdf_bytes:
        raise ValidationError({"file": "请提供需要签章的PDF文件"})

    material = load_material(agency)
    reason = f"签发《{document.title}》" + (
        f"（{document.document_number}）" if document.document_number else ""
    )
    try:
        signed = stamp_and_sign(
            pdf_bytes,
            material,
            verify_url=verification_url(document.token),
            agency_name=agency.name,
            signed_at=document.signed_at,
            reason=reason,
            field_name=f"ZhifaSeal-{secrets.token_hex(4)}",
        )
    except PdfRejected as exc:
        raise ValidationError({"file": str(exc)}) from exc

    document.source_sha256 = hashlib.sha256(pdf_bytes).hexdigest()
    document.sha256 = hashlib.sha256(signed).hexdigest()
    document.size = len(signed)
    document.certificate_sha256 = material.fingerprint
    with transaction.atomic():
        document.full_clean()
        document.save()
        append(
            "document.signed",
            document,
            actor,
            agency,
            {
                "token": document.token,
                "title": document.title,
                "document_number": document.document_number,
                "signed_at": document.signed_at.isoformat(),
                "format": "PAdES-B-B",
                "sha256": document.sha256,
                "source_sha256": document.source_sha256,
                "size": document.size,
                "certificate_sha256": document.certificate_sha256,
            },
        )
    document.pdf = signed
    return document
