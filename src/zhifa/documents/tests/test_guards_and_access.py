"""R2 guards (documents_issued, rights_notified), who may do what (PL Art. 42), and the archived case (R5)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from zhifa.accounts.roles import Role
from zhifa.cases import services as cases
from zhifa.cases.services import CaseReadOnly, TransitionRefused
from zhifa.catalog import guards
from zhifa.documents import services
from zhifa.documents.models import Document
from zhifa.ledger.models import JournalEntry
from zhifa.testing import make_case, make_user

from .conftest import DECISION_FIELDS, fresh, prepare


@pytest.mark.django_db
def test_r2_leaving_the_decision_stage_needs_a_decision_issued_and_names_it(officer, case):
    ok, reason = guards.evaluate("documents_issued", case)
    assert not ok and reason == "尚未签发：行政处罚决定书或不予行政处罚决定书"
    with pytest.raises(TransitionRefused, match="尚未签发：行政处罚决定书或不予行政处罚决定书"):
        cases.transition(officer, fresh(case), "delivery")
    services.create_draft(officer, fresh(case), "penalty_decision", DECISION_FIELDS)
    assert not guards.evaluate("documents_issued", fresh(case))[0]  # a draft is not issued
    services.issue_document(officer, fresh(case), "no_penalty_decision", {
        "evidence": "现场检查笔录", "reasons": "违法行为轻微并及时改正，没有造成危害后果。",
        "reconsideration_body": "蚌埠市人民政府", "court": "蚌埠市蚌山区人民法院"})
    assert guards.evaluate("documents_issued", fresh(case)) == (True, "")
    moved = cases.transition(officer, fresh(case), "delivery")
    assert moved.stage == "delivery"


@pytest.mark.django_db
def test_r2_a_document_issued_in_an_earlier_stay_does_not_count(officer, head, case):
    services.issue_document(officer, case, "penalty_decision", DECISION_FIELDS)
    case = fresh(case)
    import datetime

    from django.db import transaction
    from django.utils import timezone

    with transaction.atomic():  # the case comes back to the decision stage later (e.g. after a court's ruling)
        cases._enter(head, case, "decision", transition="重新决定", at=timezone.now() + datetime.timedelta(seconds=2))
        case.save()
    ok, reason = guards.evaluate("documents_issued", fresh(case))
    assert not ok and "行政处罚决定书" in reason


@pytest.mark.django_db
def test_r2_the_seizure_on_site_stage_needs_all_three_of_its_records(head, officers, demo_pki, agency):
    seizure = make_case(head, officers=officers[:2])
    from zhifa.catalog.selectors import procedure_for

    seizure.procedure = procedure_for(agency, "compulsion_seizure")
    seizure.procedure_code, seizure.stage = "compulsion_seizure", "on_site"
    seizure.save()
    seizure = prepare(head, seizure)
    ok, reason = guards.evaluate("documents_issued", seizure)
    assert not ok and reason == "尚未签发：现场笔录；查封（扣押）决定书；查封（扣押）财物清单"
    officer = make_user("seizer", Role.OFFICER, agency, person=officers[0])
    services.issue_document(officer, fresh(seizure), "seizure_list", {"entries": "1|过期牛奶|250ml|12盒|"})
    ok, reason = guards.evaluate("documents_issued", fresh(seizure))
    assert reason == "尚未签发：现场笔录；查封（扣押）决定书"


@pytest.mark.django_db
def test_pl44_rights_notified_needs_the_notice_issued(officer, head, officers, demo_pki):
    noticed = prepare(head, make_case(head, officers=officers[:2], stage="notice"))
    assert guards.evaluate("rights_notified", noticed) == (False, "尚未签发：行政处罚事先告知书")
    with pytest.raises(TransitionRefused, match="行政处罚事先告知书"):
        cases.transition(officer, fresh(noticed), "statement")
    services.issue_document(officer, fresh(noticed), "penalty_notice", {"reasons": "一般情节", "contact": "张伟 0552-2021100"})
    assert guards.evaluate("rights_notified", fresh(noticed)) == (True, "")
    assert cases.transition(officer, fresh(noticed), "statement").stage == "statement"


# Who may do what -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_pl42_an_officer_who_does_not_handle_the_case_may_read_but_not_draft_or_issue(bystander, officer, case, client):
    draft = services.create_draft(officer, case, "penalty_decision", DECISION_FIELDS)
    with pytest.raises(PermissionDenied):
        services.create_draft(bystander, fresh(case), "penalty_decision", DECISION_FIELDS)
    with pytest.raises(PermissionDenied):
        services.issue(bystander, draft)
    client.force_login(bystander)
    assert client.get(reverse("documents:case", args=[case.pk])).status_code == 200
    assert client.get(reverse("documents:new", args=[case.pk, "penalty_decision"])).status_code == 403
    assert client.post(reverse("documents:issue", args=[draft.pk])).status_code == 403
    api = client.post(reverse("api-case-documents", args=[case.pk]), {"template": "penalty_decision"}, format="json")
    assert api.status_code == 403 and api["Content-Type"] == "application/problem+json"
    assert Document.objects.get(pk=draft.pk).status == Document.Status.DRAFT


@pytest.mark.django_db
def test_another_agencys_staff_get_404_everywhere(other_agency, officer, case, client):
    document = services.issue_document(officer, case, "penalty_decision", DECISION_FIELDS)
    stranger = make_user("stranger", Role.AGENCY_HEAD, other_agency)
    client.force_login(stranger)
    for url in (reverse("documents:case", args=[case.pk]), reverse("documents:detail", args=[document.pk]),
                reverse("documents:pdf", args=[document.pk]), reverse("api-document", args=[document.pk]),
                reverse("api-document-pdf", args=[document.pk]), reverse("api-case-documents", args=[case.pk])):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("documents:issue", args=[document.pk])).status_code == 404


@pytest.mark.django_db
def test_r6_every_pdf_download_is_a_journalled_record_access(users, officer, case, client):
    document = services.issue_document(officer, case, "penalty_decision", DECISION_FIELDS)
    reviewer = users[Role.REVIEWER]
    client.force_login(reviewer)
    before = JournalEntry.objects.filter(kind="record.accessed").count()
    page = client.get(reverse("documents:pdf", args=[document.pk]))
    assert page.status_code == 200 and b"".join(page.streaming_content).startswith(b"%PDF")
    assert client.get(reverse("api-document-pdf", args=[document.pk])).status_code == 200
    accessed = JournalEntry.objects.filter(kind="record.accessed").order_by("sequence")
    assert accessed.count() == before + 2
    assert accessed.last().actor_id == reviewer.pk if hasattr(accessed.last(), "actor_id") else True


@pytest.mark.django_db
def test_r5_an_archived_case_refuses_drafts_issues_and_corrections(officer, head, case):
    document = services.issue_document(officer, case, "penalty_decision", DECISION_FIELDS)
    draft = services.create_draft(officer, fresh(case), "delivery_receipt", {
        "served_document": "决定书", "recipient": "刘洋", "method": "直接送达", "served_at": "今日", "served_place": "住所"})
    archived = fresh(case)
    archived.status = archived.Status.ARCHIVED
    archived.save()
    for attempt in (
        lambda: services.create_draft(officer, fresh(case), "penalty_decision", DECISION_FIELDS),
        lambda: services.issue(officer, draft),
        lambda: services.start_correction(officer, document, reason="笔误"),
        lambda: services.issue_document(head, fresh(case), "file_cover", {"retention": "长期"}),
    ):
        with pytest.raises(CaseReadOnly, match="已归档"):
            attempt()


# Pages and API ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_pages_draft_and_issue_a_document(officer, case, client):
    client.force_login(officer)
    listing = client.get(reverse("documents:case", args=[case.pk]))
    assert "制作行政处罚决定书" in listing.content.decode()
    url = reverse("documents:new", args=[case.pk, "penalty_decision"])
    refused = client.post(url, {**DECISION_FIELDS, "evidence": "", "version": fresh(case).version})
    assert refused.status_code == 200 and "请填写“证据”" in refused.content.decode()
    made = client.post(url, {**DECISION_FIELDS, "version": fresh(case).version})
    document = Document.objects.get()
    assert made.status_code == 302 and made["Location"] == reverse("documents:detail", args=[document.pk])
    draft = client.get(reverse("documents:draft", args=[document.pk]))
    assert draft.status_code == 200 and b"".join(draft.streaming_content)[:2] == b"PK"
    upload = client.post(reverse("documents:upload", args=[document.pk]), {
        "file": _file("decision.docx", b"not a word document"), "version": fresh(case).version})
    assert upload.status_code == 302
    assert "只能上传Word文档" in client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    issued = client.post(reverse("documents:issue", args=[document.pk]), {"version": fresh(case).version})
    assert issued.status_code == 302
    document.refresh_from_db()
    assert document.status == Document.Status.ISSUED and document.number
    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert document.number in page and "制作更正版本" in page


def _file(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.mark.django_db
def test_the_api_drafts_issues_and_answers_problems(officer, case, client):
    client.force_login(officer)
    url = reverse("api-case-documents", args=[case.pk])
    bad = client.post(url, {"template": "penalty_decision", "fields": {**DECISION_FIELDS, "court": ""}},
                      content_type="application/json")
    assert bad.status_code == 400 and bad["Content-Type"] == "application/problem+json"
    assert bad.json()["errors"]["court"] == ["请填写“行政诉讼管辖法院”"]
    stale = client.post(url, {"template": "penalty_decision", "fields": DECISION_FIELDS, "version": 1},
                        content_type="application/json")
    assert stale.status_code == 409
    made = client.post(url, {"template": "penalty_decision", "fields": DECISION_FIELDS, "version": fresh(case).version},
                       content_type="application/json")
    assert made.status_code == 201 and made.json()["status"] == "draft"
    issued = client.post(reverse("api-case-document-issue", args=[case.pk, made.json()["id"]]), {},
                         content_type="application/json")
    assert issued.status_code == 200 and issued.json()["status"] == "issued" and issued.json()["number"]
    listed = client.get(url).json()
    assert [d["number"] for d in listed] == [issued.json()["number"]]
    assert client.get(reverse("api-document", args=[made.json()["id"]])).json()["pdf_sha256"]


@pytest.mark.django_db
def test_the_case_page_include_lists_documents_and_the_stages_templates(officer, case, rf):
    from django.template.loader import render_to_string

    services.issue_document(officer, case, "penalty_decision", DECISION_FIELDS)
    request = rf.get("/")
    request.user = officer
    html = render_to_string("documents/_case_documents.html", {"case": fresh(case)}, request=request)
    assert "行政处罚决定书" in html and "已签发" in html and "不予行政处罚决定书" in html
    assert reverse("documents:new", args=[case.pk, "no_penalty_decision"]) in html


@pytest.mark.django_db
def test_l1_the_review_opinion_is_the_review_body_s_a_handling_officer_cannot_make_it(officer, case):
    """The 法制审核意见书 comes from the review body; the handling officers neither see nor make it."""
    from django.core.exceptions import PermissionDenied

    from zhifa.documents import selectors, services

    with pytest.raises(PermissionDenied, match="由本机关法制审核机构出具"):
        services.create_draft(officer, case, "legal_review_opinion", {"scope": "x", "opinion": "x", "conclusion": "同意",
                                                                        "reviewers": "x"})
    assert "legal_review_opinion" not in {t.code for t in selectors.templates_for_stage(case, "legal_review")}
