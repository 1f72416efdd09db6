"""P3: anyone verifies an officer by certificate number or by the QR code printed on the certificate."""

import datetime

import pytest
from django.utils import timezone

from zhifa.testing import make_certificate, make_person

pytestmark = pytest.mark.django_db

def test_a_valid_certificate_shows_name_agency_category_and_status(client, officer_person):
    page = client.get("/gs/officers/34030000000001/")
    body = page.content.decode()
    assert page.status_code == 200
    for text in ("张伟", "蚌埠市市场监督管理局", "市场监管综合执法", "持有有效执法证"):
        assert text in body

def test_the_search_form_leads_to_the_verification_page(client, officer_person):
    response = client.get("/gs/officers/", {"number": " 34030000000001 "})
    assert response.status_code == 302 and response["Location"] == "/gs/officers/34030000000001/"

def test_an_unknown_number_says_so_in_chinese(client, db):
    response = client.get("/gs/officers/", {"number": "00000"})
    assert response.status_code == 404 and "未查询到" in response.content.decode()
    assert client.get("/gs/officers/00000/").status_code == 404
    assert client.get("/gs/officers/00000/qr.svg").status_code == 404

@pytest.mark.parametrize(
    "changes, status",
    [({"status": "revoked"}, "注销"), ({"status": "suspended"}, "暂扣"),
     ({"expires_on": timezone.localdate() - datetime.timedelta(days=1)}, "已过期")],
)
def test_an_invalid_certificate_is_shown_as_such(client, agency, changes, status):
    cert = make_certificate(make_person(agency, "李强"), "34030000000009")
    for field, value in changes.items():
        setattr(cert, field, value)
    cert.save()
    body = client.get("/gs/officers/34030000000009/").content.decode()
    assert f"执法证{status}" in body and "不得从事执法活动" in body

def test_the_qr_code_is_an_svg_linking_to_the_verification_page(client, officer_person):
    response = client.get("/gs/officers/34030000000001/qr.svg")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")

    from zhifa.disclosure.qr import certificate_url, svg

    url = certificate_url("34030000000001")
    assert url == "http://127.0.0.1:8000/gs/officers/34030000000001/"
    assert response.content.decode() == svg(url, scale=6)  # the code encodes exactly that link


def test_the_public_api_returns_the_roster_fields_only(client, officer_person):
    body = client.get("/api/v1/public/officers/34030000000001/").json()
    assert body["name"] == "张伟" and body["is_valid"] is True
    assert set(body) == {"number", "name", "agency", "category", "region_code", "issued_on", "expires_on", "status",
                         "is_valid"}
    missing = client.get("/api/v1/public/officers/nope/")
    assert missing.status_code == 404 and missing.json()["detail"] == "未查询到该执法证号"

def test_no_personal_data_on_the_public_page(client, agency):
    person = make_person(agency, "王芳", id_number="11010519491231002X", phone="13800138000")
    make_certificate(person, "34030000000077")
    body = client.get("/gs/officers/34030000000077/").content.decode()
    assert "11010519491231002X" not in body and "13800138000" not in body
