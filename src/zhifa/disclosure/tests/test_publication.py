"""P12–P15: the clerk checks the masked copy and publishes; exceptions; withdrawal and update; history."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.core.calendar import add_working_days
from zhifa.core.errors import ConflictError
from zhifa.disclosure import public, services
from zhifa.disclosure.models import Disclosure, DisclosurePolicy, PublishedDecision
from zhifa.ledger.models import JournalEntry
from zhifa.testing import make_case, make_user

from .factories import DECISION_FIELDS, issue_fast, prepare

pytestmark = pytest.mark.django_db


def opened(actor, case, **kwargs) -> Disclosure:
    return Disclosure.objects.get(document=issue_fast(actor, case, **kwargs))


def test_p15_the_clerk_sees_every_masked_span_and_publishes_the_masked_copy(publisher, head, officers):
    case = make_case(head, officers=officers, stage="decision", reporter="刘晓东 13605521188")
    prepare(head, case, natural=True, phone="13905521234",
            facts="当事人在其面馆使用过期食用油，店员李秀英在场证实。举报人刘晓东反映属实。")
    disclosure = opened(head, case)
    spans, people, *_ = services.prepare(disclosure)
    party = case.case_parties.get().party
    found = {s.original: s.category for s in spans}
    assert found[party.id_number] == "id_number" and found["李秀英"] == "name" and found["刘晓东"] == "name"
    assert found[party.address] == "address"
    assert "刘晓东" in people.mask and "王小二" in people.keep  # the party's name stays unless the policy masks it
    decision = services.publish(publisher, disclosure)
    for secret in (party.id_number, party.address, "李秀英", "刘晓东", "13605521188"):
        assert secret not in decision.content and secret not in decision.tokens
    assert decision.target == "王小二" and decision.target_code == ""  # a natural person's ID is never shown
    disclosure.refresh_from_db()
    assert disclosure.status == "published" and disclosure.published_by == publisher
    entry = JournalEntry.objects.filter(kind="decision.published", subject_id=str(case.pk)).get()
    assert json.loads(entry.payload)["masked_spans"] == len(spans)


def test_the_clerk_can_mask_more_and_confirm_a_word_is_no_name(publisher, head, case):
    case.facts = "当事人员工高度重视整改，其子张小宝患病。"
    case.save()
    disclosure = opened(head, case)
    taken = [s.original for s in services.prepare(disclosure)[0] if s.category == "name"]
    assert taken == ["高度重"]  # 员工 + a common surname: the role-word rule errs on the side of caution
    services.set_masks(publisher, disclosure, extra_masks=["张小宝", "患病"], keep_terms=["高度重"])
    decision = services.publish(publisher, Disclosure.objects.get(pk=disclosure.pk))
    assert "员工高度重视" in decision.content and "张小宝" not in decision.content and "患病" not in decision.content


def test_a_jurisdiction_may_mask_natural_person_parties(agency, publisher, head, natural_case):
    DisclosurePolicy.objects.create(agency=agency, mask_party_names=True)
    decision = services.publish(publisher, opened(head, natural_case))
    assert decision.target == "王某某" and "王小二" not in decision.content and "王某某" in decision.content


def test_only_the_agencys_clerk_or_head_publishes_and_bad_input_changes_nothing(users, head, case, other_agency):
    disclosure = opened(head, case)
    for role in (Role.OFFICER, Role.DEPT_HEAD, Role.REVIEWER, Role.SUPERVISOR, Role.ADMIN):
        with pytest.raises(PermissionDenied):
            services.publish(users[role], disclosure)
    stranger = make_user("other_publisher", Role.PUBLISHER, other_agency)
    with pytest.raises(PermissionDenied):
        services.publish(stranger, disclosure)
    with pytest.raises(ConflictError):
        services.publish(users[Role.PUBLISHER], disclosure, version=disclosure.version + 1)
    with pytest.raises(ValidationError) as refused:
        services.set_masks(users[Role.PUBLISHER], disclosure, extra_masks=["x"], keep_terms=[])
    assert "extra_masks" in refused.value.message_dict
    assert not PublishedDecision.objects.exists() and Disclosure.objects.get(pk=disclosure.pk).status == "pending"
    services.publish(users[Role.PUBLISHER], disclosure)
    with pytest.raises(ValidationError, match="不能公示"):
        services.publish(users[Role.PUBLISHER], Disclosure.objects.get(pk=disclosure.pk))
    assert PublishedDecision.objects.count() == 1


def test_p12_a_legal_exception_keeps_it_off_the_portal_and_takes_a_published_one_down(publisher, head, officers):
    first = opened(head, prepare(head, make_case(head, officers=officers, stage="decision")))
    with pytest.raises(ValidationError) as refused:
        services.withhold(publisher, first, kind="trade_secret", reason=" ")
    assert refused.value.message_dict == {"reason": ["请写明不予公示的理由和依据"]}
    services.withhold(publisher, first, kind="trade_secret", reason="决定书载有当事人的配方工艺，属于商业秘密")
    assert Disclosure.objects.get(pk=first.pk).status == "withheld" and not PublishedDecision.objects.exists()
    second = opened(head, prepare(head, make_case(head, officers=officers, stage="decision"), name="蚌埠市福来食品厂"))
    decision = services.publish(publisher, second)
    services.withhold(publisher, Disclosure.objects.get(pk=second.pk), kind="state_secret", reason="经保密审查涉及国家秘密")
    decision.refresh_from_db()
    assert decision.status == "withdrawn" and decision.withdrawal_notice == "依法不应公开：涉及国家秘密"
    assert "保密审查" not in decision.withdrawal_notice  # the reason stays inside the agency
    assert list(public.decisions()) == []


def test_p13_a_revoked_decision_comes_down_within_the_period_with_its_reason_public(publisher, head, case):
    disclosure = opened(head, case)
    decision = services.publish(publisher, disclosure)
    day = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        services.open_withdrawal(publisher, Disclosure.objects.get(pk=disclosure.pk), kind="revoked", reason="复议撤销",
                                 occurred_on=day + datetime.timedelta(days=1))
    assert "occurred_on" in refused.value.message_dict
    disclosure = services.open_withdrawal(publisher, Disclosure.objects.get(pk=disclosure.pk), kind="revoked",
                                          reason="经蚌埠市人民政府行政复议决定撤销", occurred_on=day)
    assert disclosure.withdrawal_due_on == add_working_days(day, 3) and disclosure.withdrawal_open
    assert PublishedDecision.objects.get(pk=decision.pk).is_current  # still up until the clerk takes it down
    services.withdraw(publisher, disclosure)
    decision.refresh_from_db()
    assert decision.status == "withdrawn" and decision.withdrawal_notice == "被依法撤销：经蚌埠市人民政府行政复议决定撤销"
    disclosure.refresh_from_db()
    assert disclosure.status == "withdrawn" and disclosure.withdrawn_at is not None
    assert list(public.withdrawals()) == [decision] and list(public.decisions()) == []
    assert public.get_decision(decision.pk) == decision  # the notice stays reachable: the history is kept


def test_the_withdrawal_period_is_the_jurisdictions(agency, publisher, head, case):
    DisclosurePolicy.objects.create(agency=agency, withdrawal_days=1)
    disclosure = opened(head, case)
    services.publish(publisher, disclosure)
    day = datetime.date(2026, 9, 30)  # the day before National Day: one working day is 8 October
    disclosure = services.open_withdrawal(publisher, Disclosure.objects.get(pk=disclosure.pk), kind="unlawful",
                                          reason="经人民法院判决确认违法", occurred_on=max(day, disclosure.opened_on))
    assert disclosure.withdrawal_due_on == add_working_days(max(day, disclosure.opened_on), 1)


def test_p13_a_corrected_decision_replaces_the_published_one_and_the_history_is_kept(agency, officer, publisher, case):
    from zhifa.documents import services as documents
    from zhifa.signing import pki

    pki.issue_demo_certificate(agency)
    original = documents.issue_document(officer, case, "penalty_decision", DECISION_FIELDS)
    first = services.publish(publisher, Disclosure.objects.get(document=original))
    draft = documents.start_correction(officer, original, reason="管辖法院写错",
                                       fields={**DECISION_FIELDS, "court": "蚌埠市禹会区人民法院"})
    corrected = documents.issue(officer, draft)
    old = Disclosure.objects.get(document=original)
    new = Disclosure.objects.get(document=corrected)
    assert old.superseded_by == new and old.withdrawal_kind == "corrected" and old.withdrawal_open
    assert new.status == "pending" and "蚌埠市禹会区人民法院" in new.source_text
    second = services.publish(publisher, new)
    first.refresh_from_db()
    assert first.status == "superseded" and first.superseded_by == second
    assert first.withdrawal_notice == "决定书已更正：管辖法院写错"
    assert public.history(first) == [first, second] == public.history(second)
    assert list(public.decisions()) == [second]


def test_a_correction_of_an_unpublished_decision_simply_replaces_it(head, case):
    first = opened(head, case)
    second = Disclosure.objects.get(document=issue_fast(head, case, supersedes=first.document, reason="金额写错"))
    first.refresh_from_db()
    assert first.status == "superseded" and first.superseded_by == second and first.withdrawal_due_on is None
    assert second.status == "pending" and second.number == first.number


def test_search_finds_published_decisions_by_segmented_chinese_and_filters(publisher, head, officers, other_agency):
    one = prepare(head, make_case(head, officers=officers, stage="decision"), name="蚌埠市好味来食品有限公司",
                  facts="当事人销售超过保质期的酸奶12盒。")
    two = prepare(head, make_case(head, officers=officers, stage="decision"), name="蚌埠市安骑商贸有限公司",
                  facts="当事人销售的电动自行车头盔冲击吸收性能不合格。")
    a = services.publish(publisher, opened(head, one))
    b = services.publish(publisher, opened(head, two))
    search = lambda **kw: list(public.decisions(public.DecisionFilter(**kw)))  # noqa: E731
    assert search(q="保质期") == [a] and search(q="头盔 不合格") == [b] and search(q="酸奶 头盔") == []
    assert search(q="冷冻酸奶") == []  # every token must match: 酸奶 is there, 冷冻 is not
    assert search(q="行政处罚决定书") == [b, a]  # newest first (same day: higher id first)
    assert search(q="安骑") == [b] and search(target="好味来") == [a] and search(target=a.target_code) == [a]
    assert search(category="licence") == [] and search(category="penalty") == [b, a]
    assert search(agency=other_agency.pk) == [] and search(agency=a.agency_id) == [b, a]
    today = timezone.localdate()
    assert search(date_from=today + datetime.timedelta(days=1)) == [] and search(date_to=today) == [b, a]
    assert search(q="'\"&|!:*()") == [b, a]  # no searchable token: no narrowing, and never a 500
    assert search(q="酸奶'&|") == [a] and search(q='"酸奶" OR 头盔') == []  # query syntax is data
