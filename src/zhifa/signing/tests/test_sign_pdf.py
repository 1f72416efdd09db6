"""R6, P10: an issued PDF carries the agency's PAdES signature, a visible seal and a QR code to its public check."""

import hashlib
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.status import SignatureCoverageLevel

from zhifa.accounts.roles import Role
from zhifa.ledger.models import JournalEntry
from zhifa.signing import pki
from zhifa.signing.models import SignedDocument
from zhifa.signing.services import sign_pdf, verification_url
from zhifa.testing import make_user

from .pdfs import decode_qr_codes, make_pdf, page_text, pdfsig, pyhanko_status

pytestmark = pytest.mark.django_db


def test_r6_the_signature_validates_with_poppler_pdfsig(signed, tmp_path):
    report = pdfsig(signed.pdf, tmp_path)
    assert "Signature Validation: Signature is Valid." in report
    assert "Signature Type: ETSI.CAdES.detached" in report
    assert "Signer Certificate Common Name: 蚌埠市市场监督管理局" in report
    assert "Total document signed" in report
    # The demo root is not in poppler's trust store: that concerns the certificate, not the signature.
    assert "Certificate Validation:" in report


def test_r6_pdfsig_detects_a_change_to_the_signed_bytes(signed, tmp_path):
    tampered = signed.pdf.replace(b"No. 12", b"No. 13", 1)
    assert tampered != signed.pdf
    report = pdfsig(tampered, tmp_path)
    assert "Signature is Valid." not in report
    assert "Digest Mismatch" in report


def test_r6_pyhanko_validates_the_pades_signature_up_to_the_demo_root(signed, demo_pki):
    (status,), (embedded,) = pyhanko_status(signed.pdf, demo_pki.read_bytes())
    assert status.intact and status.valid and status.trusted
    assert status.bottom_line
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert status.md_algorithm == "sha256"
    # PAdES-B-B: the signer certificate is bound by the signing-certificate-v2 attribute.
    signed_attrs = embedded.signer_info["signed_attrs"]
    assert "signing_certificate_v2" in {attr["type"].native for attr in signed_attrs}
    assert status.signing_cert.subject.native["common_name"] == "蚌埠市市场监督管理局"
    assert status.signer_reported_dt == signed.signed_at


def test_r6_a_signature_is_not_trusted_under_a_foreign_root(signed, settings, tmp_path):
    settings.KEY_DIR = tmp_path / "elsewhere"
    foreign_root, _, _ = pki.ensure_demo_ca()
    (status,), _ = pyhanko_status(signed.pdf, foreign_root.public_bytes(pki.serialization.Encoding.PEM))
    assert status.intact and status.valid  # the mathematics holds ...
    assert not status.trusted and not status.bottom_line  # ... but nobody vouches for that key


def test_p10_the_qr_code_on_the_first_page_leads_to_the_documents_public_page(signed, tmp_path):
    url = verification_url(signed.token)
    assert url == f"http://127.0.0.1:8000/gs/documents/{signed.token}/"
    assert decode_qr_codes(signed.pdf, 1, tmp_path) == [url]
    assert decode_qr_codes(signed.pdf, 2, tmp_path) == []
    assert "扫码核验" in page_text(signed.pdf, 1, tmp_path)


def test_r6_the_visible_seal_on_the_last_page_shows_agency_and_time(signed, tmp_path):
    text = page_text(signed.pdf, 2, tmp_path)
    assert "蚌埠市市场监督管理局" in text and "电子签章" in text
    assert f"{signed.signed_at:%Y年%m月%d日 %H:%M}" in text
    assert "电子签章" not in page_text(signed.pdf, 1, tmp_path)
    first, last = PdfFileReader(io.BytesIO(signed.pdf)).root["/Pages"]["/Kids"]
    seals = [a.get_object() for a in last.get_object()["/Annots"] if a.get_object().get("/FT") == "/Sig"]
    assert len(seals) == 1
    x1, y1, x2, y2 = (float(v) for v in seals[0]["/Rect"])
    assert x2 - x1 > 100 and y2 - y1 > 50  # visible, not a zero-size invisible signature
    assert not any(a.get_object().get("/FT") == "/Sig" for a in first.get_object().get("/Annots", []))


def test_r6_the_record_holds_digests_and_the_signer_certificate(signed, source_pdf, agency, users):
    row = SignedDocument.objects.get(pk=signed.pk)
    assert row.sha256 == hashlib.sha256(signed.pdf).hexdigest()
    assert row.source_sha256 == hashlib.sha256(source_pdf).hexdigest()
    assert row.size == len(signed.pdf)
    assert row.certificate_sha256 == pki.load_material(agency).fingerprint
    assert row.agency == agency and row.signed_by == users[Role.OFFICER]
    assert row.title == "行政处罚决定书（张三）" and row.document_number == "蚌市监罚〔2026〕12号"
    assert len(row.token) >= 43  # 256 random bits: the QR link cannot be guessed


def test_r6_the_journal_records_the_signing_by_digest_only(signed, users, agency):
    entry = JournalEntry.objects.get(kind="document.signed", subject_id=str(signed.pk))
    assert entry.subject_type == "signing.signeddocument"
    assert entry.actor == users[Role.OFFICER] and entry.agency == agency
    payload = json.loads(entry.payload)
    assert payload["sha256"] == hashlib.sha256(signed.pdf).hexdigest()
    assert payload["source_sha256"] == signed.source_sha256
    assert payload["certificate_sha256"] == signed.certificate_sha256
    assert payload["token"] == signed.token and payload["format"] == "PAdES-B-B"
    assert set(payload) == {
        "token",
        "title",
        "document_number",
        "signed_at",
        "format",
        "sha256",
        "source_sha256",
        "size",
        "certificate_sha256",
    }


@pytest.mark.parametrize("role", [Role.OFFICER, Role.DEPT_HEAD, Role.AGENCY_HEAD])
def test_r6_officers_and_heads_issue_documents_of_their_own_agency(demo_pki, users, agency, role):
    document = sign_pdf(users[role], agency, make_pdf(), title="责令改正通知书")
    assert document.pk and document.agency == agency


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.PUBLISHER, Role.SUPERVISOR, Role.ADMIN])
def test_r6_reviewers_publishers_supervisors_and_administrators_sign_nothing(demo_pki, users, agency, role):
    with pytest.raises(PermissionDenied, match="只有本机关的执法人员"):
        sign_pdf(users[role], agency, make_pdf(), title="行政处罚决定书")
    assert not SignedDocument.objects.exists()
    assert not JournalEntry.objects.filter(kind="document.signed").exists()


def test_r6_nobody_seals_in_another_agencys_name(demo_pki, users, other_agency, far_agency):
    for target in (other_agency, far_agency):
        with pytest.raises(PermissionDenied):
            sign_pdf(users[Role.AGENCY_HEAD], target, make_pdf(), title="行政处罚决定书")
    outsider = make_user("outsider", Role.OFFICER, other_agency)
    assert sign_pdf(outsider, other_agency, make_pdf(), title="现场检查笔录").agency == other_agency
    assert SignedDocument.objects.count() == 1


def test_r6_anonymous_and_inactive_users_sign_nothing(demo_pki, users, agency):
    from django.contrib.auth.models import AnonymousUser

    officer = users[Role.OFFICER]
    officer.is_active = False
    officer.save()
    for actor in (AnonymousUser(), officer):
        with pytest.raises(PermissionDenied):
            sign_pdf(actor, agency, make_pdf(), title="行政处罚决定书")


@pytest.mark.parametrize(
    "pdf, title, field, message",
    [
        (b"", "行政处罚决定书", "file", "请提供需要签章的PDF文件"),
        (b"PK\x03\x04 a docx, not a pdf", "行政处罚决定书", "file", "文件不是PDF格式"),
        (b"%PDF-1.7\n garbage without any cross reference", "行政处罚决定书", "file", "PDF文件已损坏"),
        (None, "   ", "title", ""),
        (None, "决" * 201, "title", ""),
    ],
)
def test_r6_bad_input_is_refused_with_a_message_and_nothing_is_recorded(
    demo_pki, users, agency, pdf, title, field, message
):
    with pytest.raises(ValidationError) as caught:
        sign_pdf(users[Role.OFFICER], agency, make_pdf() if pdf is None else pdf, title=title)
    assert field in caught.value.message_dict
    assert message in " ".join(caught.value.message_dict[field])
    assert (
        not SignedDocument.objects.exists()
        and not JournalEntry.objects.filter(kind="document.signed").exists()
    )


def test_r6_an_agency_without_a_certificate_cannot_sign(users, agency):
    with pytest.raises(pki.SigningUnavailable, match="尚未配置签章证书.*zhifa signing setup"):
        sign_pdf(users[Role.OFFICER], agency, make_pdf(), title="行政处罚决定书")
    assert not SignedDocument.objects.exists()


def test_r6_a_signed_document_can_be_countersigned_and_both_signatures_hold(signed, users, agency, tmp_path):
    """Signature fields are named uniquely, so a second seal (e.g. a co-issuing agency) never clashes."""
    again = sign_pdf(users[Role.AGENCY_HEAD], agency, signed.pdf, title="行政处罚决定书（张三）")
    report = pdfsig(again.pdf, tmp_path)
    assert report.count("Signature Validation: Signature is Valid.") == 2
    assert again.source_sha256 == signed.sha256 and again.sha256 != signed.sha256
