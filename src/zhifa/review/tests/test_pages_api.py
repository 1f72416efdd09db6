"""The pages and the REST API over the same services; the 法制审核意见书 issued by the review body (L4)."""

import pytest
from django.urls import reverse

from zhifa.documents.models import Document
from zhifa.ledger.models import JournalEntry
from zhifa.review import services
from zhifa.review.models import Submission
from zhifa.signing import pki

from .conftest import all_pass, submit


def test_the_reviewer_issues_the_legal_review_opinion_pdf_in_the_agencys_name(case, officer, reviewer, agency):
    pki.issue_demo_certificate(agency)
    opinion = services.give_opinion(reviewer, submit(officer, case), kind="correct", reasons="裁量不当",
                                    checks=all_pass(discretion=("problem", "罚款过重")))
    document = services.issue_opinion_document(reviewer, opinion)
    assert document.template.code == "legal_review_opinion" and document.is_issued and document.number
    assert document.issued_by == reviewer and "罚款过重" in document.fields["opinion"]
    assert document.fields["conclusion"] == "存在问题，需要纠正"
    assert JournalEntry.objects.filter(kind="review.opinion_issued").count() == 1


def test_a_reviewer_may_issue_no_other_template(case, reviewer, agency):
    from django.core.exceptions import PermissionDenied

    from zhifa.documents.services import issue_document

    pki.issue_demo_certificate(agency)
    with pytest.raises(PermissionDenied):
        issue_document(reviewer, case, "penalty_decision", {})
    assert not Document.objects.exists()


def test_the_pages_show_queue_review_page_case_panel_and_trail(client, case, officer, reviewer, head):
    submission = submit(officer, case)
    client.force_login(reviewer)
    queue = client.get(reverse("review:queue")).content.decode()
    assert case.display_number in queue and "待审核" in queue
    page = client.get(reverse("review:detail", args=[submission.pk])).content.decode()
    assert "出具审核意见" in page and "本案未选定裁量基准" in page
    form = {"kind": "agree", "reasons": "同意", **{f"c_{k}": v for k, (v, _) in all_pass().items()}}
    response = client.post(reverse("review:opinion", args=[submission.pk]), form)
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Submission.Status.REVIEWED
    client.force_login(officer)
    case_page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "待负责人审批" in case_page and "审核责任记录" in case_page
    trail = client.get(reverse("review:trail", args=[case.pk])).content.decode()
    assert "报送法制审核" in trail and "出具审核意见" in trail and "window.print()" in trail


def test_a_bad_submission_on_the_page_keeps_the_form_with_chinese_messages(client, case, officer):
    client.force_login(officer)
    response = client.post(reverse("review:submit", args=[case.pk]), {"proposal": "拟罚款"})
    assert response.status_code == 200
    assert "缺少必须提交的材料：案件调查终结报告" in response.content.decode()
    assert not Submission.objects.exists()


def test_the_api_runs_the_flow_and_answers_problems(client, case, officer, reviewer, head):
    client.force_login(officer)
    url = reverse("api-review-case-submissions", args=[case.pk])
    refused = client.post(url, {"proposal": ""})
    assert refused.status_code == 400 and refused["Content-Type"] == "application/problem+json"
    assert "proposal" in refused.json()["errors"]
    data = {"proposal": "拟罚款", **{f"m_{c}_text": "材料" for c in
                                   ("investigation_report", "draft_decision", "evidence_list", "discretion_statement")}}
    created = client.post(url, data)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    client.force_login(reviewer)
    assert [s["id"] for s in client.get(reverse("api-review-queue")).json()] == [pk]
    no_reason = client.post(reverse("api-review-opinion", args=[pk]), {"kind": "agree"})
    assert no_reason.status_code == 400 and "reasons" in no_reason.json()["errors"]
    checks = {f"c_{k}": v for k, (v, _) in all_pass().items()}
    given = client.post(reverse("api-review-opinion", args=[pk]), {"kind": "agree", "reasons": "同意", **checks})
    assert given.json()["review_status"]["code"] == "approval"
    client.force_login(head)
    approved = client.post(reverse("api-review-approve", args=[pk]), {"approved": "1"})
    assert approved.json()["review_status"] == {"code": "passed", "label": "审核通过，负责人已批准", "passed": True,
                                                 "reason": ""}
    trail = client.get(reverse("api-review-trail", args=[case.pk])).json()
    assert [e["kind"] for e in trail] == ["review.submitted", "review.assigned", "review.opinion_given", "review.approved"]


def test_the_api_refuses_the_wrong_role_without_change(client, case, officer, reviewer):
    submission = submit(officer, case)
    client.force_login(officer)
    checks = {f"c_{k}": v for k, (v, _) in all_pass().items()}
    response = client.post(reverse("api-review-opinion", args=[submission.pk]), {"kind": "agree", "reasons": "x", **checks})
    assert response.status_code == 403 and response.json()["status"] == 403
    assert not submission.opinions.exists()


def test_demo_reviews_submit_the_case_in_legal_review(db):
    """``load_demo_reviews`` submits each open case of the demo bureau sitting in 法制审核, once."""
    from zhifa.accounts.models import User
    from zhifa.demo.loader import load
    from zhifa.organizations.models import Agency, Person
    from zhifa.review.demo import load_demo_reviews
    from zhifa.testing import make_case

    from .conftest import prepare

    load()
    market = Agency.objects.get(short_name="蚌市监")
    head = User.objects.get(username="agency_head")
    people = [Person.objects.get(agency=market, name=n) for n in ("陈志强", "李娜")]
    prepare(head, make_case(head, officers=people, stage="legal_review"))
    made = load_demo_reviews()
    assert len(made) == 1 and made[0].status == Submission.Status.WAITING
    assert load_demo_reviews() == []
    reviewer = User.objects.get(username="reviewer")
    from zhifa.review.selectors import queue

    assert list(queue(reviewer)) == made
