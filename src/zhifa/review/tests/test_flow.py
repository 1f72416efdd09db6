"""Issue 6 "Must show": every path of the legal review, through the services (L1–L7; PL Art. 57, 58)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.cases import services as cases
from zhifa.cases.models import Case
from zhifa.core import calendar
from zhifa.ledger.models import JournalEntry
from zhifa.organizations.models import Adviser
from zhifa.review import selectors, services
from zhifa.review.models import Contest, Opinion, Submission
from zhifa.testing import make_case, make_certificate

from .conftest import MATERIALS, all_pass, make_reviewer, submit


def fresh(case):
    return Case.objects.get(pk=case.pk)


def test_pl58_a_major_decision_attempted_without_review_is_refused(case, officer):
    with pytest.raises(cases.TransitionRefused, match="本案属于重大执法决定（案件情况疑难复杂.*尚未报送法制审核"):
        cases.transition(officer, fresh(case), "notice")


def test_a_decision_that_is_not_major_needs_no_review(head, officers):
    case = make_case(head, officers=officers[:2], stage="legal_review")
    assert cases.transition(head, case, "notice").stage == "notice"


def test_agree_first_time_then_the_head_approves_and_the_case_moves_on(case, officer, reviewer, head):
    submission = submit(officer, case)
    assert submission.status == Submission.Status.WAITING and submission.number == 1
    assert submission.due_on == calendar.add_working_days(timezone.localdate(), 5)
    assert submission in selectors.queue(reviewer)
    with pytest.raises(cases.TransitionRefused, match="正在等待法制审核意见"):
        cases.transition(officer, fresh(case), "notice")

    opinion = services.give_opinion(reviewer, submission, kind="agree", reasons="事实清楚，证据确凿，适用法律正确，程序合法，裁量适当",
                                    checks=all_pass())
    assert opinion.reviewer_name == "刘芳" and not opinion.overdue and opinion.checks.count() == 9
    assert submission.assignment.person == reviewer.person  # the acting reviewer was assigned (L1 checked)
    with pytest.raises(cases.TransitionRefused, match="尚待机关负责人审批"):
        cases.transition(officer, fresh(case), "notice")

    with pytest.raises(PermissionDenied):
        services.approve(officer, submission, approved=True)
    services.approve(head, submission, approved=True, comment="同意")
    assert selectors.review_status(fresh(case)).passed
    assert cases.transition(officer, fresh(case), "notice").stage == "notice"
    kinds = list(JournalEntry.objects.filter(subject_id=str(case.pk), kind__startswith="review.").values_list("kind", flat=True))
    assert kinds == ["review.submitted", "review.assigned", "review.opinion_given", "review.approved"]


def test_problems_then_resubmission_with_the_diff_and_responses_then_agree(case, officer, reviewer, head):
    first = submit(officer, case)
    opinion = services.give_opinion(reviewer, first, kind="correct", reasons="裁量不当，证据不足",
                                    checks=all_pass(discretion=("problem", "罚款高于一般阶次上限"),
                                                    facts=("problem", "缺少货值金额的计算依据")))
    assert [p.point for p in opinion.problems] == ["facts", "discretion"]
    with pytest.raises(cases.TransitionRefused, match="存在问题需要纠正.*罚款高于一般阶次上限"):
        cases.transition(officer, fresh(case), "notice")

    # Each problem must be answered.
    with pytest.raises(ValidationError, match="请逐项说明"):
        submit(officer, case)
    fresh_case = fresh(case)
    cases.update_case(officer, fresh_case, {"fine_amount": fresh_case.fine_amount / 2})
    responses = {p.pk: f"已整改：{p.get_point_display()}" for p in opinion.problems}
    second = submit(officer, case, proposal="拟对当事人罚款十二万五千元", responses=responses)
    assert second.number == 2 and second.previous == first
    first.refresh_from_db()
    assert first.status == Submission.Status.SUPERSEDED
    changed = {d["field"]: (d["before"], d["after"]) for d in selectors.diff(second)}
    assert changed["罚款金额（元）"] == ("250,000.00", "125,000.00")
    assert changed["拟作出的执法决定"] == ("拟对当事人罚款二十五万元", "拟对当事人罚款十二万五千元")
    assert {r.problem.point: r.action for r in second.responses.all()} == {
        "facts": "已整改：案件事实是否清楚，证据是否确凿、充分", "discretion": "已整改：行政裁量是否适当，是否符合裁量基准"}

    services.give_opinion(reviewer, second, kind="agree", reasons="问题已整改", checks=all_pass())
    services.approve(head, second, approved=True)
    assert services.gate(fresh(case)) == (True, "")


def test_submission_refused_without_required_materials_naming_each(case, officer):
    with pytest.raises(ValidationError) as refused:
        submit(officer, case, materials={"investigation_report": MATERIALS["investigation_report"]}, proposal="")
    errors = refused.value.message_dict
    assert errors["materials"] == ["缺少必须提交的材料：拟作出的执法决定书草案、证据清单及证据材料、裁量说明"]
    assert errors["proposal"] == ["请填写拟作出的执法决定"]
    assert not Submission.objects.exists()


def test_return_for_missing_materials_names_each_item(case, officer, reviewer):
    submission = submit(officer, case)
    with pytest.raises(ValidationError, match="请从报审材料清单中勾选"):
        services.return_submission(reviewer, submission, missing=[])
    services.return_submission(reviewer, submission, missing=["statement_record", "evidence_list"], reason="证据材料不全")
    ok, reason = services.gate(fresh(case))
    assert not ok and "缺少或不符合要求的材料：当事人陈述申辩或听证记录、证据清单及证据材料" in reason
    with pytest.raises(ValidationError, match="不能再办理"):
        services.give_opinion(reviewer, submission, kind="agree", reasons="同意", checks=all_pass())
    again = submit(officer, case, materials={**MATERIALS, "statement_record": {"text": "当事人书面陈述"}})
    assert again.number == 2 and selectors.diff(again)[0]["field"] == "材料：当事人陈述申辩或听证记录"


def test_transfer_to_the_competent_authority_needs_reasons_and_the_authority(case, officer, reviewer):
    submission = submit(officer, case)
    with pytest.raises(ValidationError) as refused:
        services.give_opinion(reviewer, submission, kind="transfer", reasons="", checks=all_pass())
    assert set(refused.value.message_dict) == {"reasons", "transfer_to"}
    services.give_opinion(reviewer, submission, kind="transfer", reasons="货值金额巨大，涉嫌生产、销售不符合安全标准的食品罪",
                          transfer_to="蚌埠市公安局", checks=all_pass(crime=("problem", "涉嫌犯罪")))
    ok, reason = services.gate(fresh(case))
    assert not ok and "移送有权机关处理（蚌埠市公安局）" in reason
    assert selectors.statistics(reviewer)["transfers"] == 1


def test_opinion_reasons_and_checklist_are_always_required(case, officer, reviewer):
    submission = submit(officer, case)
    with pytest.raises(ValidationError, match="请至少在一个审核要点中指出问题"):
        services.give_opinion(reviewer, submission, kind="correct", reasons="有问题", checks=all_pass())
    with pytest.raises(ValidationError, match="不能为“存在问题”"):
        services.give_opinion(reviewer, submission, kind="agree", reasons="同意", checks=all_pass(law=("problem", "x")))
    with pytest.raises(ValidationError, match="请说明问题"):
        services.give_opinion(reviewer, submission, kind="correct", reasons="有问题", checks=all_pass(law=("problem", "")))
    with pytest.raises(ValidationError, match="请填写审核要点“程序是否合法”的结果"):
        services.give_opinion(reviewer, submission, kind="agree", reasons="同意", checks={"subject": ("pass", "")})
    assert not Opinion.objects.exists()


def test_contest_coordination_then_collective_discussion_decides(case, officer, reviewer, head, users):
    submission = submit(officer, case)
    opinion = services.give_opinion(reviewer, submission, kind="correct", reasons="裁量过重",
                                    checks=all_pass(discretion=("problem", "应适用从轻阶次")))
    contest = services.contest(officer, opinion, reasons="当事人拒不配合，不具备从轻情节")
    assert "正在协调" in services.gate(fresh(case))[1]
    with pytest.raises(PermissionDenied):
        services.record_coordination(officer, contest, notes="协调", resolved=False)
    contest = services.record_coordination(reviewer, contest, notes="承办机构与法制科协调，意见不一致", resolved=False)
    assert contest.state == Contest.State.UNRESOLVED
    assert "尚待负责人集体讨论" in services.gate(fresh(case))[1]
    with pytest.raises(PermissionDenied):
        services.decide_by_discussion(reviewer, contest, {}, decision="proceed")
    data = {"held_on": timezone.localdate(), "chair": "张明", "participants": "张明、王建国、刘芳",
            "minutes": "听取承办机构和法制科意见", "conclusion": "当事人不具备从轻情节，按承办机构意见处罚"}
    contest = services.decide_by_discussion(head, contest, data, decision="proceed")
    assert contest.discussion.conclusion.startswith("当事人不具备") and contest.state == Contest.State.DECIDED
    assert services.gate(fresh(case)) == (True, "")  # the discussion decided the difference (L5; PL Art. 57)
    trail = [e["kind"] for e in selectors.trail(case)]
    assert trail[-4:] == ["review.contested", "review.coordinated", "discussion.recorded", "review.discussion_decided"]


def test_a_discussion_following_the_opinion_does_not_pass_the_gate(case, officer, reviewer, head):
    opinion = services.give_opinion(reviewer, submit(officer, case), kind="correct", reasons="证据不足",
                                    checks=all_pass(facts=("problem", "缺少检验报告原件")))
    contest = services.record_coordination(reviewer, services.contest(officer, opinion, reasons="证据已足"),
                                           notes="未协调一致", resolved=False)
    services.decide_by_discussion(head, contest, {"held_on": timezone.localdate(), "chair": "张明", "participants": "张明",
                                                  "minutes": "讨论", "conclusion": "补充检验报告原件"}, decision="follow_opinion")
    ok, reason = services.gate(fresh(case))
    assert not ok and "集体讨论决定按法制审核意见修改后重新报审" in reason


def test_an_agreed_opinion_cannot_be_contested(case, officer, reviewer):
    opinion = services.give_opinion(reviewer, submit(officer, case), kind="agree", reasons="同意", checks=all_pass())
    with pytest.raises(ValidationError, match="无需提出异议"):
        services.contest(officer, opinion, reasons="x")


def test_time_limit_exceeded_is_shown_and_recorded(case, officer, reviewer, head):
    submission = submit(officer, case)
    later = submission.due_on + datetime.timedelta(days=1)
    assert not selectors.is_overdue(submission) and selectors.is_overdue(submission, today=later)
    Submission.objects.filter(pk=submission.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    submission.refresh_from_db()
    assert selectors.is_overdue(submission)
    assert "已超过审核期限" in services.gate(fresh(case))[1]
    assert selectors.statistics(reviewer)["overdue_waiting"] == 1
    opinion = services.give_opinion(reviewer, submission, kind="agree", reasons="同意", checks=all_pass())
    assert opinion.overdue and selectors.is_overdue(submission)
    assert selectors.statistics(reviewer)["overdue_opinions"] == 1


def test_the_head_extends_the_time_limit_with_a_reason_on_the_calendar(case, officer, reviewer, head):
    submission = submit(officer, case)
    with pytest.raises(PermissionDenied):
        services.extend(reviewer, submission, days=5, reason="案情复杂")
    with pytest.raises(ValidationError) as refused:
        services.extend(head, submission, days=0, reason="")
    assert set(refused.value.message_dict) == {"days", "reason"}
    services.extend(head, submission, days=5, reason="案情重大复杂，需要补充论证")
    submission.refresh_from_db()
    assert submission.extension_days == 5
    assert submission.due_on == calendar.add_working_days(timezone.localdate(submission.submitted_at), 10)
    entry = JournalEntry.objects.get(kind="review.extended")
    assert entry.actor_id == head.pk and "案情重大复杂" in entry.payload


def test_l1_a_person_who_handled_a_case_cannot_be_assigned_as_reviewer(case, officer, reviewer, agency, officers, head):
    submission = submit(officer, case)
    # An officer is not a reviewer at all.
    with pytest.raises(ValidationError, match="不是法制审核岗位人员"):
        services.assign(reviewer, submission, person=officers[2])
    # A reviewer who once handled a case (moved posts) is refused, with the case named.
    moved, _ = make_reviewer(agency, "孙伟")
    make_certificate(moved)
    moved.post = "officer"
    moved.save()
    other = make_case(head, officers=[moved, officers[2]])
    moved.post = "reviewer"
    moved.save()
    with pytest.raises(ValidationError, match=f"孙伟曾承办案件（{other.display_number}），执法人员不得担任法制审核人员"):
        services.assign(reviewer, submission, person=moved)
    # Reviewer in a department that is not the review body.
    assert Submission.objects.get(pk=submission.pk).assignment is None


def test_l1_someone_ever_assigned_as_reviewer_cannot_become_a_case_officer(case, officer, reviewer, head, officers):
    submission = submit(officer, case)
    services.assign(head, submission, person=reviewer.person)
    person = reviewer.person
    make_certificate(person)
    person.post = "officer"  # moved to an enforcement post later: still refused
    person.save()
    with pytest.raises(ValidationError, match="刘芳曾担任法制审核人员，不能承办案件（审执分离）"):
        cases.assign_officers(head, fresh(case), [officers[0], person])


def test_l1_a_reviewer_login_cannot_submit_and_an_officer_cannot_review(case, officer, reviewer):
    with pytest.raises(PermissionDenied):
        submit(reviewer, case)
    submission = submit(officer, case)
    with pytest.raises(PermissionDenied):
        services.give_opinion(officer, submission, kind="agree", reasons="同意", checks=all_pass())


def test_an_assigned_reviewer_alone_gives_the_opinion(case, officer, reviewer, agency, head):
    other, other_user = make_reviewer(agency, "周静", username="reviewer2")
    submission = submit(officer, case)
    services.assign(head, submission, person=other)
    with pytest.raises(PermissionDenied, match="本报审已指派周静审核"):
        services.give_opinion(reviewer, submission, kind="agree", reasons="同意", checks=all_pass())
    assert services.give_opinion(other_user, submission, kind="agree", reasons="同意", checks=all_pass()).reviewer_name == "周静"


def test_an_adviser_from_the_shared_pool_reviews_and_a_reviewer_records_it(case, officer, reviewer, agency):
    pooled = Adviser.objects.create(name="何婉清", kind="public_lawyer", organisation="蚌埠市司法局", licence_number="2340320191",
                                    region_code="340300")
    away = Adviser.objects.create(name="潘建军", kind="legal_adviser", organisation="律所", licence_number="1340320081",
                                  region_code="340300", is_available=False)
    far = Adviser.objects.create(name="合肥律师", kind="legal_adviser", organisation="律所", licence_number="1340100001",
                                 region_code="340100")
    submission = submit(officer, case)
    with pytest.raises(ValidationError, match="目前不能参与审核"):
        services.assign(reviewer, submission, adviser=away)
    with pytest.raises(ValidationError, match="不在为本机关服务"):
        services.assign(reviewer, submission, adviser=far)
    services.assign(reviewer, submission, adviser=pooled)
    opinion = services.give_opinion(reviewer, submission, kind="agree", reasons="同意", checks=all_pass())
    assert opinion.reviewer_name.startswith("何婉清（公职律师")


def test_resubmission_waits_while_a_version_is_under_review(case, officer):
    submit(officer, case)
    with pytest.raises(ValidationError, match="正在等待审核"):
        submit(officer, case)


def test_a_case_in_case_review_moves_to_legal_review_when_submitted(head, officers):
    from .conftest import prepare

    case = prepare(head, make_case(head, officers=officers[:2], stage="case_review"))
    submission = submit(head, case)
    assert fresh(case).stage == "legal_review" and submission.case.stage == "legal_review"


def test_the_head_may_refuse_approval_with_a_comment(case, officer, reviewer, head):
    submission = submit(officer, case)
    services.give_opinion(reviewer, submission, kind="agree", reasons="同意", checks=all_pass())
    with pytest.raises(ValidationError, match="不批准的，请填写审批意见"):
        services.approve(head, submission, approved=False)
    services.approve(head, submission, approved=False, comment="罚款数额需再斟酌")
    assert "机关负责人不批准：罚款数额需再斟酌" in services.gate(fresh(case))[1]


def test_statistics_and_workload_by_opinion(case, officer, reviewer, users):
    submission = submit(officer, case)
    services.give_opinion(reviewer, submission, kind="correct", reasons="问题", checks=all_pass(law=("problem", "条款错误")))
    stats = selectors.statistics(users[Role.SUPERVISOR])
    assert {k["kind"]: k["count"] for k in stats["by_opinion"]} == {"agree": 0, "correct": 1, "transfer": 0}
    assert stats["opinions"] == 1 and stats["average_working_days"] == 0
    assert [(p.name, p.assigned, p.open_count) for p in selectors.reviewer_database(users[Role.SUPERVISOR])] == [("刘芳", 1, 0)]
    assert selectors.statistics(users[Role.PUBLISHER])["submissions"] == 0


def test_other_officers_of_the_agency_cannot_submit(case, agency, officers):
    from zhifa.testing import make_user

    bystander = make_user("bystander", Role.OFFICER, agency, person=officers[2])
    with pytest.raises(PermissionDenied):
        submit(bystander, case)

