"""The procedure engine (R2; PL Art. 36, 42, 43, 57, 58, 60): every transition through its guards."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.cases import services
from zhifa.cases.models import Case, CaseEvent, Party
from zhifa.core.errors import ConflictError
from zhifa.ledger.models import JournalEntry
from zhifa.testing import make_case, make_certificate, make_officers, make_person, make_uscc, make_user

pytestmark = pytest.mark.django_db


def approve(head, requester, case, to, reason="符合条件"):
    approval = services.request_approval(requester, case, to, reason=reason)
    services.decide_approval(head, approval, approve=True)
    case.refresh_from_db()
    return case


def file_case(head, users, case):
    case = approve(head, users[Role.DEPT_HEAD], case, "filing")
    return services.transition(users[Role.DEPT_HEAD], case, "filing")


def test_a_lead_opens_a_case_with_the_filing_decision_due_in_15_working_days(head):
    case = make_case(head)
    visit = case.visits.get()
    assert case.stage == "lead" and case.number == "" and case.lead.number.startswith("蚌市监案源")
    assert visit.due_label == "核查并决定是否立案"
    assert (visit.due_on - timezone.localdate()).days >= 15  # 15 working days are at least 3 weeks


def test_the_filing_period_runs_from_the_day_the_lead_came_in_not_from_its_registration(head):
    received = datetime.date(2026, 9, 28)
    case = services.register_lead(head, {"source": "complaint", "summary": "群众来信反映某店销售过期食品",
                                         "received_on": received})
    assert case.visits.get().due_on == datetime.date(2026, 10, 23)  # 15 working days across 国庆; weekends alone: 10-19


def test_filing_needs_the_heads_approval_and_says_so(head, users):
    case = make_case(head)
    with pytest.raises(services.TransitionRefused) as refused:
        services.transition(head, case, "filing")
    assert refused.value.missing == ["负责人批准：尚未报请负责人审批“立案”"]
    services.request_approval(users[Role.DEPT_HEAD], case, "filing", reason="符合立案条件")
    with pytest.raises(services.TransitionRefused, match="审批尚待负责人决定"):
        services.transition(head, case, "filing")


def test_every_stay_records_its_cases_agency_for_the_regions_statistics(head, users):
    case = file_case(head, users, make_case(head))
    assert case.visits.count() == 2
    assert set(case.visits.values_list("agency_id", flat=True)) == {case.agency_id}


def test_filing_allocates_the_case_number_and_journals_it(head, users):
    case = file_case(head, users, make_case(head))
    assert case.number == f"蚌市监立〔{timezone.localdate().year}〕1号"
    assert case.filed_on == timezone.localdate()
    entry = JournalEntry.objects.filter(kind="case.transitioned").last()
    assert entry.subject_type == "cases.case" and entry.subject_id == str(case.pk)
    assert '"to":"filing"' in entry.payload


def test_a_requester_cannot_approve_their_own_request(head):
    case = make_case(head)
    approval = services.request_approval(head, case, "filing", reason="符合立案条件")
    with pytest.raises(PermissionDenied, match="不能审批本人"):
        services.decide_approval(head, approval, approve=True)


def test_an_officer_cannot_approve(head, crew):
    people, logins = crew
    case = make_case(head, officers=people)
    approval = services.request_approval(logins[0], case, "filing", reason="符合立案条件")
    with pytest.raises(PermissionDenied):
        services.decide_approval(logins[1], approval, approve=True)


def test_pl36_filing_is_refused_after_the_limitation_period(head, users):
    case = make_case(head)
    case = services.update_case(head, case, {"violation_ended_on": datetime.date(timezone.localdate().year - 3, 1, 1)})
    case = approve(head, users[Role.DEPT_HEAD], case, "filing")
    with pytest.raises(services.TransitionRefused, match="超过二年追责时效"):
        services.transition(head, case, "filing")
    case = services.update_case(head, case, {"limitation_years": 5})
    assert services.transition(head, case, "filing").stage == "filing"


def test_pl42_a_single_officer_cannot_investigate(head, users, agency):
    lone = make_officers(agency, 1)
    case = make_case(head, officers=make_officers(agency, 2, names=("钱一", "孙二")))
    case = file_case(head, users, case)
    case.case_officers.exclude(person=case.case_officers.first().person).update(released_at=timezone.now())
    with pytest.raises(services.TransitionRefused, match="现有1名持有效执法证的办案人员，至少需要两名"):
        services.transition(head, case, "investigation")
    with pytest.raises(ValidationError, match="不得少于两人"):
        services.assign_officers(head, case, lone)


def test_pl42_an_expired_certificate_does_not_count(head, users, agency):
    expired = make_person(agency, "周过期")
    make_certificate(expired, issued_on=datetime.date(2018, 1, 1), expires_on=datetime.date(2021, 1, 1))
    with pytest.raises(ValidationError, match="周过期没有在有效期内的执法证"):
        make_case(head, officers=[expired, make_officers(agency, 1)[0]])


def test_pl42_a_certificate_that_expires_during_the_case_stops_the_next_step(head, users, agency):
    people = make_officers(agency, 2)
    case = file_case(head, users, make_case(head, officers=people))
    people[1].certificates.update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(services.TransitionRefused, match="李娜没有在有效期内的执法证"):
        services.transition(head, case, "investigation")


def test_a_reviewer_or_leader_is_not_an_officer(head, agency):
    reviewer = make_person(agency, "吴审核", post="reviewer")
    make_certificate(reviewer)
    with pytest.raises(ValidationError, match="不是执法岗位人员"):
        make_case(head, officers=[reviewer, make_officers(agency, 1)[0]])


def test_pl43_an_officer_who_declares_an_interest_leaves_the_case(head, crew):
    people, logins = crew
    case = make_case(head, officers=people)
    services.declare_recusal(logins[0], case, has_interest=True, statement="当事人系本人亲属")
    assert not case.case_officers.filter(person=people[0], released_at__isnull=True).exists()
    with pytest.raises(ValidationError, match="已声明应当回避"):
        services.assign_officers(head, case, people)


def test_optimistic_locking_a_stale_version_changes_nothing(head):
    case = make_case(head)
    stale = case.version
    services.update_case(head, case, {"facts": "第一人的修改"}, version=stale)
    with pytest.raises(ConflictError):
        services.update_case(head, case, {"facts": "第二人的修改"}, version=stale)
    case.refresh_from_db()
    assert case.facts == "第一人的修改"


def test_an_archived_case_refuses_every_change(head):
    case = make_case(head)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.ARCHIVED)
    case.refresh_from_db()
    for change in (
        lambda: services.update_case(head, case, {"facts": "改"}),
        lambda: services.add_party(head, case, {"kind": "legal", "name": "某公司", "uscc": make_uscc(), "legal_representative": "甲"}),
        lambda: services.request_approval(head, case, "filing", reason="x"),
        lambda: services.transition(head, case, "filing"),
        lambda: services.record_event(head, case, kind="fine_paid", occurred_on=timezone.localdate(), amount=Decimal(1)),
    ):
        with pytest.raises(services.CaseReadOnly, match="已归档"):
            change()


def test_parties_are_validated_and_found_across_cases_r6(head):
    first, second = make_case(head), make_case(head)
    with pytest.raises(ValidationError) as bad:
        services.add_party(head, first, {"kind": "legal", "name": "某公司", "uscc": "91340300MA2TEST00X", "legal_representative": "甲"})
    assert "uscc" in bad.value.message_dict
    with pytest.raises(ValidationError) as missing:
        services.add_party(head, first, {"kind": "natural", "name": "张三"})
    assert missing.value.message_dict["id_number"] == ["当事人为自然人的，必须填写身份证号码"]
    uscc = make_uscc()
    party = services.add_party(head, first, {"kind": "legal", "name": "蚌埠某食品公司", "uscc": uscc, "legal_representative": "甲"})
    again = services.add_party(head, second, {"kind": "legal", "name": "蚌埠某食品公司", "uscc": uscc.lower(), "legal_representative": "甲"})
    assert again == party and Party.objects.count() == 1
    assert set(party.case_links.values_list("case", flat=True)) == {first.pk, second.pk}


def test_the_statement_period_is_five_working_days_unless_waived(head, users):
    case = make_case(head, stage="notice")
    with transaction.atomic():  # into the statement stage directly: rights_notified is the documents app's guard
        services._enter(head, case, "statement", transition="听取意见")
        case.save()
    with pytest.raises(services.TransitionRefused, match="陈述、申辩和要求听证的期限至"):
        services.transition(head, case, "collective")
    services.record_event(head, case, kind=CaseEvent.Kind.STATEMENT_WAIVED, occurred_on=timezone.localdate(),
                          note="当事人书面表示放弃")
    case.refresh_from_db()
    assert services.transition(head, case, "collective").stage == "collective"


def test_collective_discussion_is_recorded_by_a_head_pl57(head, users):
    case = make_case(head, stage="collective")
    with pytest.raises(services.TransitionRefused, match="尚未记录负责人集体讨论"):
        services.transition(head, case, "decision")
    with pytest.raises(PermissionDenied):
        services.record_discussion(users[Role.OFFICER], case, {})
    services.record_discussion(head, case, {"held_on": timezone.localdate(), "chair": "局长", "participants": "局长、副局长",
                                            "minutes": "讨论了违法事实和裁量", "conclusion": "同意给予罚款"})
    case.refresh_from_db()
    assert services.transition(head, case, "decision").stage == "decision"


def test_pl58_a_major_decision_cannot_be_made_without_review(head, users):
    case = make_case(head, stage="collective")
    case = services.update_case(head, case, {"circumstances": ["complex_case"]})
    services.record_discussion(head, case, {"held_on": timezone.localdate(), "chair": "局长", "participants": "局长、副局长",
                                            "minutes": "讨论", "conclusion": "同意"})
    case.refresh_from_db()
    with pytest.raises(services.TransitionRefused, match="本案属于重大执法决定（案件情况疑难复杂.*尚未取得法制审核"):
        services.transition(head, case, "decision")


def test_the_fine_must_be_paid_before_closure(head, users):
    case = make_case(head, stage="execution")
    case = services.update_case(head, case, {"fine_amount": Decimal("5000.00")})
    case = approve(head, users[Role.DEPT_HEAD], case, "closure")
    with pytest.raises(services.TransitionRefused, match="应缴5,000.00元，已登记缴纳0.00元"):
        services.transition(head, case, "closure")
    services.record_event(head, case, kind="fine_paid", occurred_on=timezone.localdate(), amount=Decimal("5000.00"))
    case.refresh_from_db()
    case = services.transition(head, case, "closure")
    assert case.status == Case.Status.CLOSED and case.closed_on == timezone.localdate()
    archive_due = case.visits.get(left_at__isnull=True)
    assert archive_due.stage == "closure"


def test_closure_starts_the_30_day_archive_deadline_and_archiving_locks_the_case(head):
    case = make_case(head, stage="closure")
    case = services.transition(head, case, "archive")
    visit = case.visits.get(left_at__isnull=True)
    assert visit.due_label == "立卷归档" and visit.due_on >= timezone.localdate() + datetime.timedelta(days=30)
    assert case.status == Case.Status.ARCHIVED and case.is_read_only


def test_suspension_and_extension_need_approval_and_move_the_deadline(head, users):
    case = file_case(head, users, make_case(head))
    with pytest.raises(ValidationError, match="请填写延长天数"):
        services.request_suspension(users[Role.DEPT_HEAD], case, kind="extend", reason="案情复杂")
    extension = services.request_suspension(users[Role.DEPT_HEAD], case, kind="extend", reason="案情复杂", days=30)
    services.decide_suspension(head, extension, approve=True)
    case.refresh_from_db()
    assert case.decision_extension_days == 30
    suspension = services.request_suspension(users[Role.DEPT_HEAD], case, kind="suspend", reason="等待检验结果")
    with pytest.raises(ValidationError, match="请填写审批意见"):
        services.decide_suspension(head, suspension, approve=False)
    services.decide_suspension(head, suspension, approve=True)
    case.refresh_from_db()
    assert case.status == Case.Status.SUSPENDED
    with pytest.raises(services.TransitionRefused, match="案件已中止办理"):
        services.transition(head, case, "investigation")


def test_another_agencys_staff_cannot_touch_the_case(head, other_agency):
    case = make_case(head)
    stranger = make_user("stranger", Role.AGENCY_HEAD, other_agency)
    with pytest.raises(PermissionDenied):
        services.update_case(stranger, case, {"facts": "x"})
    with pytest.raises(PermissionDenied):
        services.request_approval(stranger, case, "filing", reason="x")


def test_a_non_handling_officer_cannot_change_the_case(head, agency):
    case = make_case(head)
    bystander = make_user("bystander", Role.OFFICER, agency, person=make_officers(agency, 1, names=("郑旁观",))[0])
    with pytest.raises(PermissionDenied, match="只有本案办案人员"):
        services.update_case(bystander, case, {"facts": "x"})
