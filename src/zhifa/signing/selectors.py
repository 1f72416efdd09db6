"""Reads of signed documents. The public sees a :class:`PublicDocument` only: who issued it, when,
and the digest of the genuine file — never the title, the number or anyone's name (P15)."""

import datetime
import re
from dataclasses import dataclass

from .models import SignedDocument

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class PublicDocument:
    token: str
    agency: str
    signed_at: datetime.datetime
    sha256: str


def _public(document: SignedDocument | None) -> PublicDocument | None:
    if document is None:
        return None
    return PublicDocument(document.token, document.agency.name, document.signed_at, document.sha256)


def public_document(token: str) -> PublicDocument | None:
    """The record behind a document's QR code."""
    if not _TOKEN.match(token or ""):
        return None
    return _public(SignedDocument.objects.select_related("agency").filter(token=token).first())


def public_document_by_digest(sha256: str) -> PublicDocument | None:
    """The record of the signed file with this SHA-256 (lower-case hex), if Zhifa issued it."""
    if not _SHA256.match(sha256 or ""):
        return None
    return _public(SignedDocument.objects.select_related("agency").filter(sha256=sha256).first())
