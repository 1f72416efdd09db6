"""I5: the procedure's deadlines as warnings — yellow in the lead time, red when overdue, cleared when done.

Every date is on the working-day calendar of 2026 (State Council notice): 中秋 25–27 September,
国庆 1–7 October, with 20 September and 10 October worked (调休). Each test picks its dates so that
the deadline crosses that holiday, and names the day a weekend-only count would have given.
"""

from zhifa.casefiles import rules as archive_rules
from zhifa.cases import services
from zhifa.cases.models import Case
from zhifa.supervision.models import Level
from zhifa.supervision.tests.helpers import days, level_on, open_warning, put, scan_on
from zhifa.testing import make_case


def test_filing_decision_i5_is_yellow_three_working_days_before_red_after_and_cleared_once_decided(head):
    case = put(head, make_case(head), "lead", days(2026, 9, 21))
    assert level_on(days(2026, 10, 13), "filing_decision", case=case) is None  # four working days left
    assert level_on(days(2026, 10, 14), "filing_decision", case=case) == Level.YELLOW
    warning = open_warning("filing_decision", case=case)
    # 15 working days from 21 September skip 中秋 and 国庆 and count 10 October: 19 October, not 12 October.
    assert warning.due_on == days(2026, 10, 19)
    assert "还剩3个工作日" in warning.message
    assert level_on(days(2026, 10, 20), "filing_decision", case=case) == Level.RED
    assert "已超期1个工作日" in open_warning("filing_decision", case=case).message
    put(head, case, "filing", days(2026, 10, 21))
    assert level_on(days(2026, 10, 21), "filing_decision", case=case) is None
    cleared = case.warnings.get(rule="filing_decision", level=Level.RED)
    assert cleared.cleared_at is not None and cleared.clear_reason == "经核查已不存在预警情形"


def test_case_duration_pl60_runs_from_filing_to_decision_and_grows_with_an_approved_extension(head, users):
    case = make_case(head)
    put(head, case, "filing", days(2026, 7, 3))
    case = put(head, case, "investigation", days(2026, 7, 6))
    # 90 calendar days from 3 July end on 1 October, a holiday: the period ends on 8 October.
    assert level_on(days(2026, 9, 10), "case_duration", case=case) is None
    assert level_on(days(2026, 9, 25), "case_duration", case=case) == Level.YELLOW
    assert open_warning("case_duration", case=case).due_on == days(2026, 10, 8)
    assert level_on(days(2026, 10, 9), "case_duration", case=case) == Level.RED
    # A head approves 30 more days (PL Art. 60): 120 days end on Saturday 31 October, so on 2 November.
    request = services.request_suspension(head, Case.objects.get(pk=case.pk), kind="extend", reason="案情复杂", days=30)
    services.decide_suspension(users["dept_head"], request, approve=True)
    assert level_on(days(2026, 10, 9), "case_duration", case=case) is None
    assert level_on(days(2026, 10, 27), "case_duration", case=case) == Level.YELLOW
    assert open_warning("case_duration", case=case).due_on == days(2026, 11, 2)
    put(head, case, "decision", days(2026, 10, 28))
    assert level_on(days(2026, 10, 28), "case_duration", case=case) is None


def test_statement_period_pl64_counts_five_working_days_from_the_notice_across_the_holiday(head):
    case = make_case(head)
    put(head, case, "notice", days(2026, 9, 29))
    case = put(head, case, "statement", days(2026, 9, 30))
    # 30 Sep, 8, 9, 10 (调休) and 12 October: the party's five working days end on 12 October (not 6 October).
    assert level_on(days(2026, 10, 9), "statement_period", case=case) is None
    assert level_on(days(2026, 10, 10), "statement_period", case=case) == Level.YELLOW
    assert open_warning("statement_period", case=case).due_on == days(2026, 10, 12)
    assert level_on(days(2026, 10, 13), "statement_period", case=case) == Level.RED
    put(head, case, "hearing", days(2026, 10, 13))
    assert level_on(days(2026, 10, 13), "statement_period", case=case) is None


def test_delivery_pl61_runs_from_the_decision_until_the_case_leaves_delivery(head):
    case = put(head, make_case(head), "decision", days(2026, 9, 28))
    # Seven working days from 28 September: 29, 30 Sep, 8, 9, 10 (调休), 12, 13 October.
    assert level_on(days(2026, 10, 9), "delivery", case=case) is None
    assert level_on(days(2026, 10, 10), "delivery", case=case) == Level.YELLOW
    assert open_warning("delivery", case=case).due_on == days(2026, 10, 13)
    put(head, case, "delivery", days(2026, 10, 12))
    assert level_on(days(2026, 10, 14), "delivery", case=case) == Level.RED
    put(head, case, "execution", days(2026, 10, 14))
    assert level_on(days(2026, 10, 14), "delivery", case=case) is None


def test_archive_r5_is_due_thirty_days_after_closure_as_the_case_file_says(head):
    case = put(head, make_case(head), "closure", days(2026, 9, 7))
    assert level_on(days(2026, 9, 21), "archive", case=case) is None
    assert level_on(days(2026, 9, 29), "archive", case=case) == Level.YELLOW
    warning = open_warning("archive", case=case)
    assert warning.due_on == days(2026, 10, 8)  # 7 October is a holiday
    assert archive_rules.archive_deadline(Case.objects.get(pk=case.pk)).due_on == warning.due_on
    assert level_on(days(2026, 10, 9), "archive", case=case) == Level.RED
    put(head, case, "archive", days(2026, 10, 12))
    assert level_on(days(2026, 10, 12), "archive", case=case) is None


def test_other_deadlines_of_a_procedure_warn_too_the_seizure_period_of_thirty_days(head):
    from zhifa.cases import services

    case = services.open_case(head, {"title": "查封涉嫌侵权白酒"}, procedure_code="compulsion_seizure")
    put(head, case, "on_site", days(2026, 9, 1))
    case = put(head, case, "custody", days(2026, 9, 1), hour=15)
    assert level_on(days(2026, 9, 28), "stage_deadline", case=case) is None
    assert level_on(days(2026, 9, 30), "stage_deadline", case=case) == Level.YELLOW
    warning = open_warning("stage_deadline", case=case)
    assert warning.due_on == days(2026, 10, 8) and warning.key.endswith(":custody")
    assert "查封扣押期限" in warning.message
    assert level_on(days(2026, 10, 9), "stage_deadline", case=case) == Level.RED
    put(head, case, "release", days(2026, 10, 9))
    assert level_on(days(2026, 10, 9), "stage_deadline", case=case) is None


def test_a_suspended_case_has_no_running_deadline(head, users):
    case = make_case(head)
    put(head, case, "filing", days(2026, 7, 3))
    put(head, case, "investigation", days(2026, 7, 6))
    suspend = services.request_suspension(head, Case.objects.get(pk=case.pk), kind="suspend", reason="等待检验结果")
    services.decide_suspension(users["dept_head"], suspend, approve=True)
    assert level_on(days(2026, 10, 9), "case_duration", case=case) is None  # suspended: the clock stands still
    scan_on(days(2026, 10, 9))
    assert not Case.objects.get(pk=case.pk).warnings.filter(cleared_at__isnull=True).exists()


def test_the_days_a_case_stood_suspended_after_the_period_began_move_its_end():
    import datetime

    from django.utils import timezone

    from zhifa.supervision.rules import deadlines

    def at(*parts):
        return timezone.make_aware(datetime.datetime(*parts))

    began = at(2026, 7, 3, 9)
    history = [("suspend", at(2026, 6, 1, 9)), ("resume", at(2026, 6, 5, 9)),  # before the period: not counted
               ("suspend", at(2026, 8, 3, 10)), ("resume", at(2026, 8, 13, 16))]
    assert deadlines.paused_days(history, began) == 10
    assert deadlines.paused_days(history + [("suspend", at(2026, 9, 1, 9))], began) == 10  # still suspended: open
