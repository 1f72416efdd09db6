"""R6: whatever bytes arrive, signing either succeeds or says in Chinese why not — it never crashes."""

import datetime
import random

import pytest
from django.utils import timezone

from zhifa.signing import pki
from zhifa.signing.pdf import PdfRejected, stamp_and_sign

from .pdfs import make_pdf, pdfsig


@pytest.fixture
def material(db, agency):
    pki.issue_demo_certificate(agency)
    return pki.load_material(agency)


def sign(pdf, material):
    return stamp_and_sign(
        pdf,
        material,
        verify_url="http://127.0.0.1:8000/gs/documents/t/",
        agency_name="蚌埠市市场监督管理局",
        signed_at=timezone.localtime().replace(microsecond=0),
        reason="测试",
        field_name="ZhifaSeal-test",
    )


def test_r6_an_encrypted_pdf_is_refused(material):
    with pytest.raises(PdfRejected, match="不能签署加密的PDF文件"):
        sign(make_pdf(password="secret"), material)


def test_r6_damaged_pdfs_are_refused_or_signed_never_crash(material):
    source = make_pdf()
    rng = random.Random(20260501)
    outcomes = set()
    for _ in range(25):
        damaged = bytearray(source)
        for _ in range(5):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        try:
            sign(bytes(damaged), material)
            outcomes.add("signed")
        except PdfRejected as exc:
            assert str(exc).startswith(("文件不是PDF格式", "PDF文件已损坏", "无法在该PDF文件上签章"))
            outcomes.add("refused")
    assert "refused" in outcomes


@pytest.mark.parametrize("media_box", [(0, 0, 842, 595), (100, 200, 695, 1042), (0, 0, 420, 595)])
def test_r6_landscape_shifted_and_small_pages_are_sealed_inside_the_page(material, media_box, tmp_path):
    from io import BytesIO

    from pyhanko.pdf_utils.reader import PdfFileReader

    signed = sign(make_pdf(media_box=media_box), material)
    assert "Signature is Valid." in pdfsig(signed, tmp_path)
    page = PdfFileReader(BytesIO(signed)).root["/Pages"]["/Kids"][0].get_object()
    x0, y0, x1, y1 = media_box
    for annot in page["/Annots"]:
        ax0, ay0, ax1, ay1 = (float(v) for v in annot.get_object()["/Rect"])
        assert x0 <= ax0 < ax1 <= x1 and y0 <= ay0 < ay1 <= y1


def test_r6_the_signing_time_is_the_one_recorded(material):
    from io import BytesIO

    from pyhanko.pdf_utils.reader import PdfFileReader

    at = datetime.datetime(2026, 5, 1, 9, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    signed = stamp_and_sign(
        make_pdf(),
        material,
        verify_url="http://x/",
        agency_name="某局",
        signed_at=at,
        reason="测试",
        field_name="F",
    )
    (embedded,) = PdfFileReader(BytesIO(signed)).embedded_signatures
    assert embedded.self_reported_timestamp == at
