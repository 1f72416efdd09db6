"""P10, R6: anyone confirms from a document's digest that it is genuine, who issued it and when — nothing more."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from .pdfs import make_pdf

pytestmark = pytest.mark.django_db


def upload(data: bytes, name="决定书.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def page(response):
    return response.content.decode()


def test_p10_the_qr_link_shows_issuing_agency_time_and_digest_and_nothing_more(client, signed):
    response = client.get(f"/gs/documents/{signed.token}/")
    body = page(response)
    assert response.status_code == 200
    assert "本平台存有该文书的签发记录" in body
    assert "蚌埠市市场监督管理局" in body
    assert f"{signed.signed_at:%Y年%-m月%-d日 %H:%M}" in body
    assert signed.sha256 in body
    # No title, no number, no party, no signer: the page vouches, it does not disclose (P15).
    main = body.split('<main id="main">', 1)[1]
    for secret in (
        "行政处罚决定书",
        "张三",
        "蚌市监罚",
        "officer",
        signed.source_sha256,
        signed.certificate_sha256,
    ):
        assert secret not in main
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_p10_uploading_the_signed_file_on_its_page_confirms_it(client, signed):
    body = page(client.post(f"/gs/documents/{signed.token}/", {"file": upload(signed.pdf)}))
    assert "文件与签发记录一致" in body and "蚌埠市市场监督管理局" in body


def test_p10_a_modified_file_on_the_documents_page_does_not_match(client, signed):
    tampered = signed.pdf.replace(b"No. 12", b"No. 13", 1)
    response = client.post(f"/gs/documents/{signed.token}/", {"file": upload(tampered)})
    body = page(response)
    assert response.status_code == 200
    assert "文件与签发记录不一致" in body and "文件与签发记录一致" not in body
    assert hashlib.sha256(tampered).hexdigest() in body


def test_p10_the_original_unsigned_file_is_not_the_issued_document(client, signed, source_pdf):
    body = page(
        client.post(f"/gs/documents/{signed.token}/", {"sha256": hashlib.sha256(source_pdf).hexdigest()})
    )
    assert "文件与签发记录不一致" in body


def test_p10_the_public_form_finds_the_document_from_the_file(client, signed):
    response = client.post("/gs/documents/", {"file": upload(signed.pdf)})
    body = page(response)
    assert response.status_code == 200
    assert "文件与签发记录一致" in body and "蚌埠市市场监督管理局" in body
    assert "行政处罚决定书" not in body and "张三" not in body


@pytest.mark.parametrize("spelling", [str.upper, lambda d: " ".join(d[i : i + 8] for i in range(0, 64, 8))])
def test_p10_the_public_form_finds_the_document_from_a_pasted_digest(client, signed, spelling):
    digest = hashlib.sha256(signed.pdf).hexdigest()
    for response in (
        client.post("/gs/documents/", {"sha256": spelling(digest)}),
        client.get("/gs/documents/", {"sha256": spelling(digest)}),
    ):
        assert response.status_code == 200 and "文件与签发记录一致" in page(response)


def test_p10_a_modified_file_is_not_genuine(client, signed):
    tampered = signed.pdf + b"\n% appended after signing\n"
    response = client.post("/gs/documents/", {"file": upload(tampered)})
    body = page(response)
    assert response.status_code == 404
    assert "未找到与该文件一致的签发记录" in body and "已被修改" in body
    assert "蚌埠市市场监督管理局" not in body


def test_p10_a_file_zhifa_never_issued_is_not_genuine(client, db):
    response = client.post("/gs/documents/", {"file": upload(make_pdf(["A forged decision"]))})
    assert response.status_code == 404 and "未找到与该文件一致的签发记录" in page(response)


@pytest.mark.parametrize("token", ["A" * 43, "short", "not a token!", "x" * 300])
def test_p10_an_unknown_token_is_a_clear_chinese_404(client, db, token):
    response = client.get(f"/gs/documents/{token}/")
    assert response.status_code == 404
    assert "未查询到该文书的签发记录" in page(response)
    assert client.post(f"/gs/documents/{token}/", {"sha256": "0" * 64}).status_code == 404


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "请上传PDF文件或填写SHA-256摘要"),
        ({"sha256": "abc123"}, "SHA-256摘要应为64位十六进制字符"),
        ({"sha256": "g" * 64}, "SHA-256摘要应为64位十六进制字符"),
        ({"sha256": "0" * 64, "file": upload(b"%PDF-1.7")}, "请只上传文件或只填写摘要"),
    ],
)
def test_p10_bad_input_names_the_rule_and_is_a_400_never_a_500(client, db, data, message):
    response = client.post("/gs/documents/", data)
    assert response.status_code == 400 and message in page(response)


def test_p10_bad_input_on_a_documents_page_keeps_the_record_visible(client, signed):
    response = client.post(f"/gs/documents/{signed.token}/", {"sha256": "nonsense"})
    body = page(response)
    assert response.status_code == 400
    assert "SHA-256摘要应为64位十六进制字符" in body and "蚌埠市市场监督管理局" in body


def test_p10_the_empty_form_explains_itself(client, db):
    response = client.get("/gs/documents/")
    body = page(response)
    assert (
        response.status_code == 200 and "电子文书真伪核验" in body and 'enctype="multipart/form-data"' in body
    )


def test_p10_other_methods_are_refused_politely(client, signed):
    assert client.put("/gs/documents/").status_code == 405
    assert client.delete(f"/gs/documents/{signed.token}/").status_code == 405
