"""Disclosure warnings (I5 over P12–P14): decisions disclosed on time, withdrawals, the annual report —
yellow before the deadline, red after, cleared when done, on the 2026 calendar across 国庆.

2026-09-28 (Mon) + 7 working days is 2026-10-13: 10-01…10-07 are the National Day holiday and
10-10 (Sat) an adjusted working day; weekends alone would have given 2026-10-07.
"""

import pytest

from zhifa.accounts.roles import Role
from zhifa.annualreports.models import AnnualReport
from zhifa.disclosure import services as disclosure
from zhifa.disclosure.models import Disclosure, DisclosurePolicy, WithdrawalKind
from zhifa.disclosure.tests.factories import issue_fast, prepare
from zhifa.supervision import recipients, scorecard, statistics
from zhifa.supervision.models import Level, Notification
from zhifa.supervision.rules import base
from zhifa.testing import make_case, make_user

from .helpers import days, level_on, moment, open_warning, scan_on

ISSUED = days(2026, 9, 28)


@pytest.fixture(autouse=True)
def _stores(settings, tmp_path):
    settings.KEY_DIR = tmp_path / "keys"
    settings.BLOB_DIR = tmp_path / "blobs"


@pytest.fixture
def decided(head, crew):
    """A penalty decision of a company issued on 2026-09-28, its disclosure pending."""
    case = prepare(head, make_case(head, officers=crew[0], stage="decision"))
    issue_fast(head, case, on=ISSUED)
    return Disclosure.objects.get(case=case)


def test_p12_a_penalty_decision_is_due_seven_working_days_after_it_is_made_across_the_holiday(decided):
    assert decided.opened_on == ISSUED and decided.due_on == days(2026, 10, 13)


def test_p12_disclosure_is_yellow_two_working_days_before_red_after_and_cleared_once_published(decided, users):
    rule = {"rule": "disclosure_deadline"}
    assert level_on(days(2026, 10, 7), **rule) is None  # a weekends-only count would already be red here
    assert level_on(days(2026, 10, 9), **rule) is None  # three working days left: 10-10 (Sat), 10-12, 10-13
    assert level_on(days(2026, 10, 10), **rule) == Level.YELLOW
    assert level_on(days(2026, 10, 14), **rule) == Level.RED
    warning = open_warning("disclosure_deadline")
    assert warning.subject_type == "disclosure" and warning.case_id == decided.case_id
    assert "已超期1个工作日" in warning.message and warning.due_on == days(2026, 10, 13)

    disclosure.publish(users[Role.PUBLISHER], decided)
    scan_on(days(2026, 10, 15))
    assert open_warning("disclosure_deadline") is None


def test_p12_a_recorded_legal_exception_clears_the_warning(decided, users):
    assert level_on(days(2026, 10, 14), "disclosure_deadline") == Level.RED
    disclosure.withhold(users[Role.PUBLISHER], decided, kind="trade_secret", reason="决定书载有当事人的配方工艺，属商业秘密")
    scan_on(days(2026, 10, 15))
    assert open_warning("disclosure_deadline") is None


def test_publishing_rechecks_the_warning_on_commit_without_waiting_for_the_scan(decided, users, django_capture_on_commit_callbacks):
    scan_on(days(2026, 10, 14))
    assert open_warning("disclosure_deadline") is not None
    with django_capture_on_commit_callbacks(execute=True):
        disclosure.publish(users[Role.PUBLISHER], decided)
    assert open_warning("disclosure_deadline") is None


def test_p12_the_disclosure_clerks_are_told_first_and_the_heads_only_without_one(decided, users, agency):
    scan_on(days(2026, 10, 10))
    warning = open_warning("disclosure_deadline")
    told = set(Notification.objects.filter(warning=warning).values_list("user__username", flat=True))
    assert told == {"publisher"}
    users[Role.PUBLISHER].is_active = False
    users[Role.PUBLISHER].save()
    rule = base.get("disclosure_deadline")
    assert recipients.Directory().responsible(rule, _finding(warning)) == {users[Role.AGENCY_HEAD].pk}


def _finding(warning):
    return base.Finding(rule=warning.rule, subject_type=warning.subject_type, subject_id=warning.subject_id,
                        agency_id=warning.agency_id, level=warning.level, title="", message="")


def test_p13_withdrawal_is_due_three_working_days_after_the_revocation_and_cleared_when_taken_down(decided, users):
    publisher = users[Role.PUBLISHER]
    disclosure.publish(publisher, decided)
    decided.refresh_from_db()
    disclosure.open_withdrawal(publisher, decided, kind=WithdrawalKind.REVOKED, reason="本决定经行政复议被撤销",
                               occurred_on=days(2026, 9, 30))
    decided.refresh_from_db()
    assert decided.withdrawal_due_on == days(2026, 10, 10)  # 09-30 + 3 working days: 10-08, 10-09, 10-10 (Sat)

    rule = {"rule": "withdrawal"}
    assert level_on(days(2026, 10, 8), **rule) is None
    assert level_on(days(2026, 10, 9), **rule) == Level.YELLOW
    assert level_on(days(2026, 10, 12), **rule) == Level.RED
    assert "被依法撤销" in open_warning("withdrawal").message

    disclosure.withdraw(publisher, decided)
    scan_on(days(2026, 10, 13))
    assert open_warning("withdrawal") is None


def existing_since(agency, day):
    """The agency on record since ``day`` (a report is owed only for years it existed in)."""
    type(agency).objects.filter(pk=agency.pk).update(created_at=moment(day))


def test_p14_the_annual_report_is_yellow_fifteen_days_before_31_january_and_red_after(agency, users):
    existing_since(agency, days(2026, 3, 1))
    rule = {"rule": "annual_report", "agency": agency}
    assert level_on(days(2027, 1, 15), **rule) is None
    assert level_on(days(2027, 1, 16), **rule) == Level.YELLOW
    warning = open_warning(**rule)
    assert warning.subject_type == "agency" and "2026年度" in warning.message and "尚未编制" in warning.message
    assert level_on(days(2027, 2, 1), **rule) == Level.RED


def test_p14_a_published_report_clears_it_and_a_jurisdiction_may_set_15_january(agency, users):
    existing_since(agency, days(2026, 3, 1))
    DisclosurePolicy.objects.create(agency=agency, report_due_day=15)
    rule = {"rule": "annual_report", "agency": agency}
    assert level_on(days(2027, 1, 1), **rule) == Level.YELLOW
    assert open_warning(**rule).due_on == days(2027, 1, 15)
    report = AnnualReport.objects.create(agency=agency, report_year=2026, report_due_on=days(2027, 1, 15),
                                         generated_at=moment(days(2027, 1, 5)))
    assert level_on(days(2027, 1, 16), **rule) == Level.RED
    report.status, report.published_at = AnnualReport.Status.PUBLISHED, moment(days(2027, 1, 20))
    report.save()
    scan_on(days(2027, 1, 21))
    assert open_warning(**rule) is None


def test_p14_no_report_is_owed_for_a_year_before_the_agency_existed_nor_by_an_entrusted_unit(agency):
    from zhifa.organizations.models import Agency
    from zhifa.supervision.models import Warning
    from zhifa.testing import make_agency

    unit = make_agency(name="蚌埠市某镇综合执法队", short_name="某镇执法队", kind=Agency.Kind.ENTRUSTED,
                       entrusting_agency=agency, level=Agency.Level.TOWNSHIP)
    existing_since(agency, days(2026, 3, 1))
    existing_since(unit, days(2026, 3, 1))
    scan_on(days(2026, 12, 6))
    assert open_warning("annual_report", agency=agency) is None  # nothing owed for 2025, before the agency existed
    scan_on(days(2027, 2, 1))
    owing = Warning.objects.filter(rule="annual_report", cleared_at__isnull=True).values_list("agency_id", flat=True)
    assert agency.pk in owing and unit.pk not in owing  # the entrusted unit reports through its entrusting agency


def test_statistics_count_decisions_published_and_withdrawn_by_their_due_dates(decided, users, supervisor):
    publisher = users[Role.PUBLISHER]
    late = Disclosure.objects.filter(pk=decided.pk)
    disclosure.publish(publisher, decided)
    late.update(published_at=moment(days(2026, 10, 14)))  # one day after 10-13
    f = statistics.Filters(user=supervisor, period=statistics.Period(days(2026, 1, 1), days(2026, 12, 31)))
    rows = {r.extra["rule"]: r for r in statistics.on_time(f)}
    assert rows["disclosure_deadline"].extra == {"total": 1, "met": 0, "late": 1, "rule": "disclosure_deadline"}
    assert rows["withdrawal"].extra["total"] == 0 and rows["withdrawal"].value is None

    from zhifa.cases.models import Case

    period = statistics.Period(days(2026, 1, 1), days(2026, 12, 31))
    assert list(Case.objects.filter(statistics.late_q("disclosure_deadline", period))) == [decided.case]

    late.update(published_at=moment(days(2026, 10, 13)))
    rows = {r.extra["rule"]: r for r in statistics.on_time(f)}
    assert rows["disclosure_deadline"].value == 100.0
    assert not Case.objects.filter(statistics.late_q("disclosure_deadline", period)).exists()


def test_scorecard_on_time_disclosure_counts_decisions_still_unpublished_past_their_due_date(decided, supervisor, agency):
    period = statistics.Period(days(2026, 1, 1), days(2026, 12, 31))
    card = scorecard.scorecard(supervisor, agency, period)
    line = next(line for line in card.lines if line.item.code == "disclosure_on_time")
    assert line.measure.value == 0.0 and "逾期仍未公示1件" in line.measure.evidence


def test_scorecard_annual_report_is_not_measured_before_its_year_ends(supervisor, agency):
    period = statistics.Period(days(2026, 1, 1), days(2026, 12, 31))
    line = next(line for line in scorecard.scorecard(supervisor, agency, period).lines
                if line.item.code == "annual_report")
    assert line.measure.value is None and "2025年度尚未设立" in line.measure.evidence


def test_scorecard_annual_report_on_time_late_or_missing(supervisor, agency):
    existing_since(agency, days(2025, 3, 1))
    period = statistics.Period(days(2026, 1, 1), days(2026, 12, 31))  # scores the 2025 report, due 2026-01-31

    def measured():
        return next(line for line in scorecard.scorecard(supervisor, agency, period).lines
                    if line.item.code == "annual_report").measure

    assert measured().value == 0.0 and "逾期未公布" in measured().evidence
    report = AnnualReport.objects.create(agency=agency, report_year=2025, report_due_on=days(2026, 1, 31),
                                         generated_at=moment(days(2026, 1, 5)), status=AnnualReport.Status.PUBLISHED,
                                         published_at=moment(days(2026, 1, 20)))
    assert measured().value == 1.0
    report.published_at = moment(days(2026, 2, 3))
    report.save()
    assert measured().value == 0.5 and "逾期公布" in measured().evidence


def test_a_publisher_of_another_agency_never_hears_of_this_agencys_deadlines(decided, other_agency):
    stranger = make_user("other_publisher", Role.PUBLISHER, other_agency)
    scan_on(days(2026, 10, 14))
    assert not Notification.objects.filter(user=stranger).exists()


def test_the_warning_page_takes_the_clerk_to_the_disclosure_and_hides_it_from_the_administrator(decided, users, client):
    from django.urls import reverse

    scan_on(days(2026, 10, 14))
    warning = open_warning("disclosure_deadline")
    client.force_login(users[Role.PUBLISHER])
    page = client.get(reverse("supervision:warning", args=[warning.pk])).content.decode()
    assert reverse("publication:detail", args=[decided.pk]) in page
    assert client.get(reverse("publication:detail", args=[decided.pk])).status_code == 200
    client.force_login(users[Role.ADMIN])  # configures, reads no decisions
    assert client.get(reverse("supervision:warning", args=[warning.pk])).status_code == 404
