"""P12: issuing a decision opens its disclosure, in the same transaction, with its due date on the calendar."""

import datetime
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from zhifa.core.calendar import add_working_days
from zhifa.disclosure import services
from zhifa.disclosure.models import Disclosure, DisclosurePolicy, ExceptionKind, PublishedDecision
from zhifa.documents import services as documents
from zhifa.documents.models import Document
from zhifa.ledger.models import JournalEntry
from zhifa.signing import pki
from zhifa.testing import make_case, make_id_number

from .factories import DECISION_FIELDS, issue_fast, prepare

pytestmark = pytest.mark.django_db


def journal(case, kind):
    rows = JournalEntry.objects.filter(kind=kind, subject_id=str(case.pk)).order_by("sequence")
    return [json.loads(row.payload) for row in rows]


def test_p12_issuing_a_penalty_decision_opens_its_disclosure_due_in_seven_working_days(agency, officer, case):
    pki.issue_demo_certificate(agency)
    document = documents.issue_document(officer, case, "penalty_decision", DECISION_FIELDS)
    disclosure = Disclosure.objects.get(document=document)
    today = timezone.localdate()
    assert disclosure.status == Disclosure.Status.PENDING and disclosure.category == "penalty"
    assert disclosure.opened_on == today and disclosure.due_on == add_working_days(today, 7)
    assert disclosure.number == document.number and disclosure.title == "行政处罚决定书"
    assert "罚款人民币50,000.00元" in disclosure.source_text and document.number in disclosure.source_text
    opened = journal(case, "disclosure.opened")[-1]
    assert opened["due_on"] == disclosure.due_on.isoformat() and opened["document"] == document.pk


def test_no_issued_decision_lacks_its_disclosure_a_failure_rolls_the_issue_back(agency, officer, case, monkeypatch):
    pki.issue_demo_certificate(agency)
    draft = documents.create_draft(officer, case, "penalty_decision", DECISION_FIELDS)

    def broken(*args, **kwargs):
        raise RuntimeError("公示服务不可用")

    monkeypatch.setattr(services, "open_disclosure", broken)
    with pytest.raises(RuntimeError):
        documents.issue(officer, draft)
    draft.refresh_from_db()
    assert draft.status == Document.Status.DRAFT and draft.number == "" and not Disclosure.objects.exists()
    assert not journal(case, "document.issued")
    monkeypatch.undo()
    issued = documents.issue(officer, draft)
    assert issued.number.endswith(f"〔{timezone.localdate().year}〕1号")  # the number came back: gap-free
    assert Disclosure.objects.get(document=issued).status == Disclosure.Status.PENDING


def test_records_and_notices_are_not_decisions(officer, case):
    issue_fast(officer, case, "delivery_receipt", {"served_document": "决定书", "recipient": "刘洋", "method": "直接送达",
                                                   "served_at": "2026年3月10日", "served_place": "当事人住所"})
    assert not Disclosure.objects.exists()


@pytest.mark.parametrize("code, category, days", [
    ("no_penalty_decision", "penalty", 7), ("licence_grant", "licence", 7), ("seizure_decision", "compulsion", 20)])
def test_p12_the_deadline_follows_the_category(head, officers, code, category, days):
    procedure = {"licence_grant": "licence", "seizure_decision": "compulsion_seizure"}.get(code, "penalty_general")
    stage = {"licence": "decision", "compulsion_seizure": "on_site"}.get(procedure, "decision")
    case = make_case(head, officers=officers, stage=stage)
    if procedure != "penalty_general":
        case.procedure_code = procedure
        case.save()
    prepare(head, case)
    fields = {
        "no_penalty_decision": {**{k: DECISION_FIELDS[k] for k in ("evidence", "reconsideration_body", "court")},
                                "reasons": "违法行为轻微并及时改正"},
        "licence_grant": {"application": "食品经营许可", "applied_on": "2026年3月1日", "content": "预包装食品销售",
                          "basis": "《中华人民共和国食品安全法》第三十五条"},
        "seizure_decision": {"measure": "扣押", "reasons": "涉嫌销售过期食品", "basis": "《中华人民共和国食品安全法》第一百一十条",
                             "place_of_custody": "本局物证室", "period": "三十日", "reconsideration_body": "蚌埠市人民政府",
                             "court": "蚌埠市蚌山区人民法院"},
    }[code]
    day = datetime.date(2026, 9, 28)  # before the National Day holiday: working days skip it
    document = issue_fast(head, case, code, fields, on=day)
    disclosure = Disclosure.objects.get(document=document)
    assert disclosure.category == category and disclosure.due_on == add_working_days(day, days)
    assert disclosure.due_on > day + datetime.timedelta(days=days)


def test_p15_a_decision_on_a_minor_is_never_published(head, officers, publisher):
    case = make_case(head, officers=officers, stage="decision")
    young = make_id_number("340302", timezone.localdate().replace(year=timezone.localdate().year - 16), 12)
    prepare(head, case, natural=True, name="李小明", id_number=young)
    disclosure = Disclosure.objects.get(document=issue_fast(head, case))
    assert disclosure.status == Disclosure.Status.WITHHELD and disclosure.exception_kind == ExceptionKind.MINOR
    with pytest.raises(Exception, match="依法不予公示"):
        services.publish(publisher, disclosure)
    assert not PublishedDecision.objects.exists()


def test_warning_only_penalties_are_withheld_where_the_agency_says_so(agency, head, officers):
    DisclosurePolicy.objects.create(agency=agency, withhold_warning_only=True)
    case = prepare(head, make_case(head, officers=officers, stage="decision"), kinds=("warning",), fine=None)
    disclosure = Disclosure.objects.get(document=issue_fast(head, case))
    assert disclosure.exception_kind == ExceptionKind.WARNING_ONLY and disclosure.status == "withheld"


def test_automatic_publication_publishes_the_masked_copy_in_the_issuing_transaction(agency, head, natural_case):
    DisclosurePolicy.objects.create(agency=agency, auto_publish=True, mask_party_names=True)
    disclosure = Disclosure.objects.get(document=issue_fast(head, natural_case))
    decision = PublishedDecision.objects.get(disclosure=disclosure)
    assert disclosure.status == "published" and disclosure.published_automatically
    assert decision.target == "王某某" and "王小二" not in decision.content
    party = natural_case.case_parties.get().party
    assert party.id_number not in decision.content and "13905521234" not in decision.content
    assert decision.fine_amount == Decimal("50000.00") and decision.conclusion == "罚款人民币50,000.00元"
