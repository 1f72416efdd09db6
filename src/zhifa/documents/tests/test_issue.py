"""R1, R6: issuing numbers, converts, seals and files a document that then never changes; corrections are new versions."""

import json
import re

import pytest
from django.core.exceptions import ValidationError

from zhifa.documents import services
from zhifa.documents.models import Document
from zhifa.documents.selectors import issued_documents
from zhifa.ledger import blobs
from zhifa.ledger.models import JournalEntry

from .conftest import DECISION_FIELDS, fresh
from .tools import edit_docx, pdf_fonts, pdf_text, pdfsig


def entries(case, kind):
    """The payloads of the case's journal entries of ``kind``, in order."""
    rows = JournalEntry.objects.filter(kind=kind, subject_id=str(case.pk)).order_by("sequence")
    return [json.loads(row.payload) for row in rows]


@pytest.mark.django_db
def test_r6_an_issued_decision_is_numbered_sealed_embedded_and_filed(officer, case, tmp_path):
    document = services.issue_document(officer, case, "penalty_decision", DECISION_FIELDS, version=case.version)
    assert document.status == Document.Status.ISSUED
    assert re.fullmatch(r"蚌市监罚〔\d{4}〕1号", document.number)
    with blobs.open_blob(document.pdf_sha256) as handle:
        pdf = handle.read()
    assert blobs.path_of(document.pdf_sha256).name == document.pdf_sha256  # content-addressed
    text = pdf_text(pdf, tmp_path)
    assert document.number in text and case.number in text or case.display_number in text
    assert "蚌埠市好运来食品有限公司" in text and "罚款人民币50,000.00元" in text
    assert all(embedded == "yes" for _, embedded in pdf_fonts(pdf, tmp_path))
    report = pdfsig(pdf, tmp_path)
    assert "Signature Validation: Signature is Valid." in report
    assert "Total document signed" in report
    assert document.page_count >= 1 and document.signed.sha256 == document.pdf_sha256
    issued = entries(case, "document.issued")
    assert issued[-1]["sha256"] == document.pdf_sha256 and issued[-1]["number"] == document.number


@pytest.mark.django_db
def test_numbers_are_gap_free_even_when_an_issue_fails(officer, case, settings):
    first = services.issue_document(officer, case, "penalty_decision", DECISION_FIELDS)
    draft = services.create_draft(officer, fresh(case), "penalty_decision", DECISION_FIELDS)
    settings.DOCUMENTS_SOFFICE = "/nonexistent/soffice"
    with pytest.raises(services.DocumentUnavailable, match="找不到 LibreOffice"):
        services.issue(officer, draft)
    draft.refresh_from_db()
    assert draft.status == Document.Status.DRAFT and draft.number == ""
    settings.DOCUMENTS_SOFFICE = ""
    second = services.issue(officer, draft)
    number = re.compile(r"〔\d{4}〕(\d+)号")
    assert [int(number.search(d.number)[1]) for d in (first, second)] == [1, 2]


@pytest.mark.django_db
def test_r6_an_issued_document_never_changes(officer, case):
    document = services.issue_document(officer, case, "penalty_decision", DECISION_FIELDS)
    document.fields = {"evidence": "改过的证据"}
    with pytest.raises(ValidationError, match="已签发的文书不能修改"):
        document.save()
    with pytest.raises(ValidationError, match="不能删除"):
        document.delete()
    with pytest.raises(ValidationError, match="已签发的文书不能修改"):
        services.update_draft(officer, Document.objects.get(pk=document.pk), DECISION_FIELDS)
    with pytest.raises(ValidationError):
        services.issue(officer, Document.objects.get(pk=document.pk))


@pytest.mark.django_db
def test_r6_a_correction_is_a_new_version_and_the_old_one_is_kept_as_superseded(officer, case, tmp_path):
    original = services.issue_document(officer, case, "penalty_decision", DECISION_FIELDS)
    with pytest.raises(ValidationError) as refused:
        services.start_correction(officer, original, reason="  ")
    assert refused.value.message_dict == {"reason": ["请填写更正理由"]}
    fields = {**DECISION_FIELDS, "court": "蚌埠市禹会区人民法院"}
    draft = services.start_correction(officer, original, reason="管辖法院写错", fields=fields)
    assert draft.revision == 2 and draft.supersedes == original
    corrected = services.issue(officer, draft)
    original.refresh_from_db()
    assert original.status == Document.Status.SUPERSEDED and original.pdf_sha256 != corrected.pdf_sha256
    assert corrected.number == original.number and corrected.correction_reason == "管辖法院写错"
    assert blobs.exists(original.pdf_sha256) and blobs.exists(corrected.pdf_sha256)
    with blobs.open_blob(corrected.pdf_sha256) as handle:
        assert "蚌埠市禹会区人民法院" in pdf_text(handle.read(), tmp_path)
    assert list(issued_documents(fresh(case))) == [corrected]
    superseded = entries(case, "document.superseded")[-1]
    assert superseded["document"] == original.pk and superseded["superseded_by"] == corrected.pk
    assert superseded["reason"] == "管辖法院写错"
    with pytest.raises(ValidationError, match="只能更正现行"):
        services.start_correction(officer, original, reason="再改")


@pytest.mark.django_db
def test_the_selector_gives_the_archive_what_it_needs_in_issue_order(officer, case):
    first = services.issue_document(officer, case, "delivery_receipt", {
        "served_document": "行政处罚决定书", "recipient": "刘洋", "method": "直接送达", "served_at": "2026年3月10日",
        "served_place": "当事人住所"})
    second = services.issue_document(officer, fresh(case), "penalty_decision", DECISION_FIELDS)
    services.create_draft(officer, fresh(case), "penalty_decision", DECISION_FIELDS)
    listed = list(issued_documents(case))
    assert listed == [first, second]
    assert [(d.title, bool(d.pdf_sha256), d.page_count > 0, d.issued_at is not None) for d in listed] == [
        ("送达回证", True, True, True), ("行政处罚决定书", True, True, True)]
    assert first.number == ""  # records and forms carry the case number, not a document number


@pytest.mark.django_db
def test_a_draft_is_rerendered_after_edits_and_an_uploaded_docx_becomes_the_draft(officer, case, tmp_path):
    draft = services.create_draft(officer, case, "penalty_decision", DECISION_FIELDS)
    before = draft.draft_sha256
    draft = services.update_draft(officer, draft, {**DECISION_FIELDS, "reasons": "当事人系初次违法。"})
    assert draft.draft_sha256 != before and draft.fields["reasons"] == "当事人系初次违法。"
    with blobs.open_blob(draft.draft_sha256) as handle:
        edited = edit_docx(handle.read(), "当事人系初次违法。", "当事人系初次违法，且主动召回。")
    draft = services.upload_draft(officer, draft, edited)
    assert draft.draft_uploaded
    issued = services.issue(officer, draft)
    with blobs.open_blob(issued.pdf_sha256) as handle:
        assert "当事人系初次违法，且主动召回。" in pdf_text(handle.read(), tmp_path)


@pytest.mark.django_db
def test_an_upload_that_is_not_a_docx_or_lost_the_number_mark_is_refused(officer, case):
    draft = services.create_draft(officer, case, "penalty_decision", DECISION_FIELDS)
    for data in (b"%PDF-1.7 not a word file", b"PK\x03\x04 broken zip", b""):
        with pytest.raises(ValidationError) as refused:
            services.upload_draft(officer, draft, data)
        assert "file" in refused.value.message_dict
    with blobs.open_blob(draft.draft_sha256) as handle:
        no_mark = edit_docx(handle.read(), "［签发时编号］", "第几号")
    with pytest.raises(ValidationError, match="文号位置"):
        services.upload_draft(officer, draft, no_mark)
    draft.refresh_from_db()
    assert not draft.draft_uploaded


@pytest.mark.django_db
def test_bad_input_names_the_field_in_chinese_and_changes_nothing(officer, case):
    before = JournalEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.create_draft(officer, case, "penalty_decision", {**DECISION_FIELDS, "evidence": " "})
    assert refused.value.message_dict == {"evidence": ["请填写“证据”"]}
    with pytest.raises(ValidationError) as refused:
        services.create_draft(officer, case, "penalty_decision", {**DECISION_FIELDS, "colour": "红"})
    assert "colour" in refused.value.message_dict
    with pytest.raises(ValidationError, match="没有名为“nope”的文书模板"):
        services.create_draft(officer, case, "nope", {})
    with pytest.raises(ValidationError, match="不适用于本案的执法流程"):
        services.create_draft(officer, case, "licence_grant", {})
    with pytest.raises(ValidationError) as refused:
        services.create_draft(officer, case, "file_index", {"entries": "1|a|b|c|d|e|f"})
    assert "第1行应有5栏" in refused.value.message_dict["entries"][0]
    assert JournalEntry.objects.count() == before and not Document.objects.exists()


@pytest.mark.django_db
def test_a_template_needing_case_facts_says_which_are_missing(officer, head, officers, demo_pki):
    from zhifa.testing import make_case

    bare = make_case(head, officers=officers[:2], stage="decision")
    with pytest.raises(ValidationError) as refused:
        services.create_draft(officer, bare, "penalty_decision", DECISION_FIELDS)
    assert refused.value.message_dict["template"] == [
        "制作《行政处罚决定书》前，请先在案件中填写：当事人、违法事实、违反条款、处罚依据、拟处罚种类及金额"]
