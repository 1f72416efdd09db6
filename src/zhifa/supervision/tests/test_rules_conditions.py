"""I5: the other warning rules at yellow, red and cleared — hearing notice, AV within 24 hours, officers,
review time limit, certificates, training, reviewer ratio, stale lists, rectification."""

import datetime

import pytest
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.cases import services as cases
from zhifa.cases.models import Case, CaseEvent
from zhifa.supervision import scan
from zhifa.supervision.models import Level, Warning
from zhifa.supervision.rules.casework import hearing_date
from zhifa.supervision.tests.helpers import days, level_on, open_warning, put, scan_on
from zhifa.testing import make_case, make_certificate, make_officers, make_person, make_user

# Hearing notice (PL Art. 64) --------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("2026年10月20日上午9时", datetime.date(2026, 10, 20)),
    ("2026-10-20 09:00", datetime.date(2026, 10, 20)),
    ("2026/1/5 下午", datetime.date(2026, 1, 5)),
    ("二〇二六年十月二十日", datetime.date(2026, 10, 20)),
    ("二〇二六年十二月三十一日上午", datetime.date(2026, 12, 31)),
    ("下周一上午", None),
    ("2026年2月30日", None),
])
def test_the_hearing_date_is_read_as_officers_write_it(text, expected):
    assert hearing_date(text) == expected


def _hearing_case(head):
    case = make_case(head)
    put(head, case, "filing", days(2026, 7, 3))  # the decision period ends on 8 October
    put(head, case, "notice", days(2026, 9, 7))
    case = put(head, case, "statement", days(2026, 9, 8))
    cases.record_event(head, Case.objects.get(pk=case.pk), kind=CaseEvent.Kind.HEARING_REQUESTED,
                       occurred_on=days(2026, 9, 9), note="书面申请听证")
    return case


def test_hearing_notice_pl64_counts_back_seven_working_days_from_the_decision_deadline(head):
    case = _hearing_case(head)
    # 8 October less seven working days, skipping 中秋 and 国庆: 21 September (a weekend count says 29 September).
    assert level_on(days(2026, 9, 16), "hearing_notice", case=case) is None
    assert level_on(days(2026, 9, 17), "hearing_notice", case=case) == Level.YELLOW
    warning = open_warning("hearing_notice", case=case)
    assert warning.due_on == days(2026, 9, 21) and "尚未签发听证通知书" in warning.message
    assert level_on(days(2026, 9, 22), "hearing_notice", case=case) == Level.RED
    put(head, case, "collective", days(2026, 9, 30))  # the hearing was held or waived: nothing more to notify
    assert level_on(days(2026, 9, 30), "hearing_notice", case=case) is None


def test_a_hearing_notice_less_than_seven_working_days_ahead_is_red_until_corrected(head, settings, tmp_path):
    from zhifa.casefiles.tests.records import add_party, issue
    from zhifa.documents import services as documents
    from zhifa.signing import pki

    settings.KEY_DIR, settings.BLOB_DIR = tmp_path / "keys", tmp_path / "blobs"
    pki.issue_demo_certificate(head.agency)
    case = _hearing_case(head)
    add_party(head, case)
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=3)
    notice = issue(head, case, "hearing_notice", hearing_at=f"{soon:%Y年%m月%d日}上午9时", hearing_place="本局听证室",
                   host="王建国")
    assert level_on(today, "hearing_notice", case=case) == Level.RED
    assert "不足七个工作日" in open_warning("hearing_notice", case=case).message
    later = today + datetime.timedelta(days=20)
    fresh = documents.start_correction(head, notice, reason="听证日期不足七个工作日，重新确定",
                                       fields={"hearing_at": f"{later:%Y年%m月%d日}上午9时", "hearing_place": "本局听证室",
                                               "host": "王建国"})
    documents.issue(head, fresh)
    assert level_on(today, "hearing_notice", case=case) is None


# AV within 24 hours (R3) -----------------------------------------------------------------------------------------


def test_av_24h_r3_yellow_within_a_day_of_entering_a_required_stage_red_after_cleared_by_the_record(
        head, agency, settings, tmp_path):
    from zhifa.casefiles.tests.records import av_record

    settings.BLOB_DIR = tmp_path / "blobs"
    officers = make_officers(agency, 2)
    case = cases.open_case(head, {"title": "查封涉嫌假冒白酒"}, procedure_code="compulsion_seizure")
    cases.assign_officers(head, case, officers)
    now = timezone.now()
    case = put(head, case, "on_site", None, at=now - datetime.timedelta(hours=2))
    scan.run()
    assert open_warning("av_24h", case=case).level == Level.YELLOW
    case = put(head, case, "on_site", None, at=now - datetime.timedelta(hours=25))
    scan.run()
    warning = open_warning("av_24h", case=case)
    assert warning.level == Level.RED and "已超过24小时" in warning.message
    av_record(head, case, "现场查封录像", officers[0], ended_hours_ago=1)
    scan.run()
    assert open_warning("av_24h", case=case) is None


def test_av_24h_only_where_the_av_list_requires_full_recording(head):
    case = put(head, make_case(head), "investigation", None, at=timezone.now() - datetime.timedelta(hours=30))
    scan.run()
    assert open_warning("av_24h", case=case) is None  # 调查取证: 根据实际情况音像记录


# At least two certified officers (PL Art. 42) -------------------------------------------------------------------


def test_officers_pl42_yellow_before_investigation_red_during_it_cleared_when_made_up(head, agency, crew):
    people, logins = crew
    case = put(head, make_case(head, officers=people), "filing", days(2026, 10, 12))
    assert level_on(days(2026, 10, 12), "officers", case=case) is None
    cases.declare_recusal(logins[1], Case.objects.get(pk=case.pk), has_interest=True, statement="与当事人有亲属关系")
    assert level_on(days(2026, 10, 12), "officers", case=case) == Level.YELLOW
    put(head, case, "investigation", days(2026, 10, 13))
    assert level_on(days(2026, 10, 13), "officers", case=case) == Level.RED
    assert "现有持有效执法证的办案人员1名" in open_warning("officers", case=case).message
    third = make_person(agency, "王强")
    make_certificate(third)
    cases.assign_officers(head, Case.objects.get(pk=case.pk), [people[0], third])
    assert level_on(days(2026, 10, 13), "officers", case=case) is None


def test_an_officer_whose_certificate_lapsed_no_longer_counts(head, agency):
    people = make_officers(agency, 2)
    case = put(head, make_case(head, officers=people), "investigation", days(2026, 10, 13))
    certificate = people[1].certificates.get()
    certificate.expires_on = days(2026, 10, 20)
    certificate.save()
    assert level_on(days(2026, 10, 20), "officers", case=case) is None
    assert level_on(days(2026, 10, 21), "officers", case=case) == Level.RED


# Legal review time limit (L5) -------------------------------------------------------------------------------------


def test_review_time_limit_l5_follows_the_submission_due_date_and_clears_with_the_opinion(head, agency, users):
    from zhifa.review import services as review
    from zhifa.review.models import CheckPoint
    from zhifa.review.tests.conftest import MATERIALS, make_reviewer, prepare

    people = make_officers(agency, 2)
    case = prepare(head, make_case(head, officers=people, stage="legal_review"))
    submission = review.submit(head, case, proposal="拟罚款二十五万元", materials=MATERIALS)
    due = submission.due_on
    before = due - datetime.timedelta(days=1)
    while before.weekday() >= 5:
        before -= datetime.timedelta(days=1)
    assert level_on(due - datetime.timedelta(days=7), "review_time_limit", case=case) is None
    assert level_on(before, "review_time_limit", case=case) == Level.YELLOW
    assert level_on(due + datetime.timedelta(days=1), "review_time_limit", case=case) == Level.RED
    person, reviewer = make_reviewer(agency, "李审", username="reviewer2")
    review.give_opinion(reviewer, submission, kind="agree", reasons="事实清楚，适用法律正确",
                        checks={p.value: ("pass", "") for p in CheckPoint})
    assert level_on(due + datetime.timedelta(days=1), "review_time_limit", case=case) is None


# Registry: certificates, training, reviewer ratio ----------------------------------------------------------------


def test_certificate_expiry_o1_yellow_within_30_days_red_once_expired_cleared_by_a_new_certificate(agency):
    person = make_person(agency, "赵磊")
    make_certificate(person, issued_on=days(2022, 3, 1), expires_on=days(2026, 10, 8))
    assert level_on(days(2026, 9, 7), "certificate_expiry", person=person) is None
    assert level_on(days(2026, 9, 8), "certificate_expiry", person=person) == Level.YELLOW
    assert level_on(days(2026, 10, 9), "certificate_expiry", person=person) == Level.RED
    assert "已于2026年10月08日过期" in open_warning("certificate_expiry", person=person).message
    make_certificate(person, issued_on=days(2026, 10, 9), expires_on=days(2029, 10, 8))
    assert level_on(days(2026, 10, 9), "certificate_expiry", person=person) is None


def test_training_o2_yellow_near_the_year_end_red_when_last_year_was_missed_cleared_by_training(agency):
    from zhifa.organizations.models import Person, Training

    person = make_person(agency, "孙婷")
    Person.objects.filter(pk=person.pk).update(created_at=timezone.make_aware(datetime.datetime(2024, 5, 1)))
    held_2025 = Training.objects.create(agency=agency, title="2025年度公共法律知识培训", held_on=days(2025, 6, 1), hours=16)
    held_2025.attendees.add(person)
    assert level_on(days(2026, 10, 30), "training", person=person) is None
    assert level_on(days(2026, 11, 1), "training", person=person) == Level.YELLOW
    held_2025.attendees.remove(person)
    assert level_on(days(2026, 3, 1), "training", person=person) == Level.RED
    assert "2025年度未参加培训" in open_warning("training", person=person).message
    held_2026 = Training.objects.create(agency=agency, title="2026年度业务培训", held_on=days(2026, 3, 2), hours=8)
    held_2026.attendees.add(person)
    assert level_on(days(2026, 3, 3), "training", person=person) is None


def test_reviewer_ratio_l1_is_yellow_for_the_rectification_period_then_red_cleared_by_a_reviewer(agency):
    from zhifa.review.tests.conftest import make_reviewer

    make_officers(agency, 3)
    for n in range(18):
        make_person(agency, f"执法{n}")
    start = days(2026, 9, 1)
    assert level_on(start, "reviewer_ratio", agency=agency) == Level.YELLOW
    warning = open_warning("reviewer_ratio", agency=agency)
    assert warning.raised_at.date() <= timezone.localdate()
    Warning.objects.filter(pk=warning.pk).update(raised_at=timezone.make_aware(datetime.datetime(2026, 9, 1, 10)))
    assert level_on(days(2026, 10, 1), "reviewer_ratio", agency=agency) == Level.YELLOW  # 30 days to put it right
    assert level_on(days(2026, 10, 2), "reviewer_ratio", agency=agency) == Level.RED
    assert "至少应配备2名" in open_warning("reviewer_ratio", agency=agency).message
    make_reviewer(agency, "审核甲")
    make_reviewer(agency, "审核乙")
    assert level_on(days(2026, 10, 2), "reviewer_ratio", agency=agency) is None


def test_an_entrusted_unit_counts_towards_the_agency_that_entrusted_it(agency):
    from zhifa.organizations.models import Agency
    from zhifa.review.tests.conftest import make_reviewer
    from zhifa.testing import make_agency

    team = make_agency(name="某镇综合行政执法队", short_name="某镇队", kind=Agency.Kind.ENTRUSTED, entrusting_agency=agency,
                       level=Agency.Level.TOWNSHIP, region_code="340311")
    make_officers(team, 4)
    make_officers(agency, 4)
    make_reviewer(agency, "审核甲")
    scan_on(days(2026, 9, 1))
    assert open_warning("reviewer_ratio", agency=team) is None and open_warning("reviewer_ratio", agency=agency) is None
    for n in range(14):
        make_person(team, f"队员{n}")  # 22 officers in all now need two reviewers
    scan_on(days(2026, 9, 1))
    assert open_warning("reviewer_ratio", agency=team) is None
    assert "含受委托组织" in open_warning("reviewer_ratio", agency=agency).message


# Rule lists (P9) ------------------------------------------------------------------------------------------------------


def test_stale_list_p9_yellow_before_the_month_runs_out_red_after_cleared_by_a_new_version(agency, users):
    from zhifa.catalog import services as catalog
    from zhifa.catalog.models import RuleList
    from zhifa.laws.models import Law

    admin = users[Role.ADMIN]
    national = RuleList.objects.get(kind=RuleList.Kind.PROCEDURES, agency__isnull=True)
    own = catalog.adopt(admin, national, agency)
    catalog.publish(admin, own.versions.get(status="draft"), effective_from=days(2026, 1, 1))
    law = Law.objects.create(title="中华人民共和国行政处罚法", level="law", issuing_body="全国人民代表大会常务委员会",
                             promulgated_on=days(2021, 1, 22), effective_on=days(2021, 7, 15), changed_on=timezone.localdate())
    own.laws.add(law)
    Law.objects.filter(pk=law.pk).update(changed_on=days(2026, 9, 15))
    own.versions.filter(status="published").update(published_at=timezone.make_aware(datetime.datetime(2026, 1, 1, 9)))
    assert level_on(days(2026, 10, 1), "stale_list", subject_id=str(own.pk)) is None
    assert level_on(days(2026, 10, 6), "stale_list", subject_id=str(own.pk)) == Level.YELLOW
    assert open_warning("stale_list", subject_id=str(own.pk)).due_on == days(2026, 10, 15)
    assert level_on(days(2026, 10, 17), "stale_list", subject_id=str(own.pk)) == Level.RED
    draft = catalog.start_draft(admin, own)
    catalog.publish(admin, draft, effective_from=days(2026, 12, 6))
    assert level_on(timezone.localdate(), "stale_list", subject_id=str(own.pk)) is None


# Rectification demanded by a notice ---------------------------------------------------------------------------------


def test_rectification_is_yellow_before_its_date_red_after_and_cleared_once_reported(agency, users, head):
    from zhifa.supervision import notices

    supervisor = users[Role.SUPERVISOR]
    due = timezone.localdate() + datetime.timedelta(days=10)
    notice = notices.issue_notice(supervisor, kind="criticism", title="关于执法证过期仍执法的通报", body="请整改。",
                                  agencies=[agency], rectification_required=True, rectification_due_on=due)
    item = notice.rectifications.get()
    assert level_on(due - datetime.timedelta(days=20), "rectification", subject_id=str(item.pk)) is None
    assert level_on(due, "rectification", subject_id=str(item.pk)) == Level.YELLOW
    assert level_on(due + datetime.timedelta(days=1), "rectification", subject_id=str(item.pk)) == Level.RED
    notices.report(head, item, text="已收回过期证件人员的执法任务并组织换证。")
    assert level_on(due + datetime.timedelta(days=1), "rectification", subject_id=str(item.pk)) is None


def test_staff_without_a_login_still_get_the_warning_through_their_heads(head, agency):
    make_user("another_head", Role.AGENCY_HEAD, agency)
    case = put(head, make_case(head), "lead", days(2026, 9, 21))
    scan_on(days(2026, 10, 14))
    told = set(open_warning("filing_decision", case=case).notifications.values_list("user__username", flat=True))
    assert told == {"agency_head", "another_head"}


def test_review_time_limit_across_the_national_day_holiday(head, agency):
    from zhifa.core import calendar
    from zhifa.review import services as review
    from zhifa.review.models import Submission
    from zhifa.review.tests.conftest import MATERIALS, prepare

    case = prepare(head, make_case(head, officers=make_officers(agency, 2), stage="legal_review"))
    submission = review.submit(head, case, proposal="拟罚款二十五万元", materials=MATERIALS)
    # Submitted on 29 September: the review app's five working days end on 12 October (a weekend count: 6 October).
    due = calendar.add_working_days(days(2026, 9, 29), 5)
    assert due == days(2026, 10, 12)
    Submission.objects.filter(pk=submission.pk).update(submitted_at=timezone.make_aware(datetime.datetime(2026, 9, 29, 9)),
                                                       due_on=due)
    assert level_on(days(2026, 10, 9), "review_time_limit", case=case) is None  # 10 (调休) and 12 October left
    assert level_on(days(2026, 10, 10), "review_time_limit", case=case) == Level.YELLOW
    assert level_on(days(2026, 10, 13), "review_time_limit", case=case) == Level.RED
