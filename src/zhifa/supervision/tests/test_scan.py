"""I5: warnings are de-duplicated, escalated level by level, notified in the workbench and by e-mail,
rechecked on every relevant change and cleared when resolved; each run that changes anything is journalled."""

import datetime

import pytest
from django.core import mail

from zhifa.accounts.roles import Role
from zhifa.cases import services as cases
from zhifa.cases.models import Case
from zhifa.ledger.models import JournalEntry
from zhifa.supervision import scan, selectors, services
from zhifa.supervision.models import Escalation, Level, Notification, Warning
from zhifa.supervision.tests.helpers import days, moment, open_warning, put, scan_on
from zhifa.testing import make_case, make_user


@pytest.fixture
def late_lead(head, crew):
    """A lead registered on 21 September whose filing decision is due on 19 October; two officers with logins."""
    people, _ = crew
    return put(head, make_case(head, officers=people), "lead", days(2026, 9, 21))


def told(warning):
    return set(Notification.objects.filter(warning=warning).values_list("user__username", flat=True))


def test_a_warning_is_raised_once_and_updated_in_place(late_lead):
    scan_on(days(2026, 10, 14))
    scan_on(days(2026, 10, 15))
    warnings = Warning.objects.filter(rule="filing_decision", case=late_lead)
    assert warnings.count() == 1
    assert "还剩2个工作日" in warnings.get().message
    assert Notification.objects.filter(warning=warnings.get()).count() == 2  # each officer once


def test_escalation_goes_officer_dept_head_agency_head_supervisor_by_working_days_overdue(late_lead, users,
                                                                                       far_supervisor):
    scan_on(days(2026, 10, 14))
    warning = open_warning("filing_decision", case=late_lead)
    assert (warning.level, warning.escalation) == (Level.YELLOW, Escalation.OFFICER)
    assert told(warning) == {"crew0", "crew1"}
    scan_on(days(2026, 10, 20))  # one working day overdue
    warning.refresh_from_db()
    assert (warning.level, warning.escalation) == (Level.RED, Escalation.DEPT_HEAD)
    assert told(warning) == {"crew0", "crew1", "dept_head"}
    scan_on(days(2026, 10, 22))  # three working days overdue
    warning.refresh_from_db()
    assert warning.escalation == Escalation.AGENCY_HEAD and "agency_head" in told(warning)
    scan_on(days(2026, 10, 30))  # nine: not yet
    warning.refresh_from_db()
    assert warning.escalation == Escalation.AGENCY_HEAD
    scan_on(days(2026, 11, 2))  # ten working days overdue: the justice bureau is told
    warning.refresh_from_db()
    assert warning.escalation == Escalation.SUPERVISOR
    assert told(warning) == {"crew0", "crew1", "dept_head", "agency_head", "supervisor"}  # never Hefei's supervisor
    assert warning.pk in {w.pk for w in selectors.my_warnings(users[Role.SUPERVISOR])}


def test_the_escalation_steps_and_lead_time_are_configurable(late_lead, users):
    services.configure_rule(users[Role.ADMIN], "filing_decision", {"lead_days": 0, "to_agency_head_after": 1,
                                                                   "to_supervisor_after": 2})
    scan_on(days(2026, 10, 14))
    assert open_warning("filing_decision", case=late_lead) is None  # no lead time: nothing three days before
    scan_on(days(2026, 10, 20))
    assert open_warning("filing_decision", case=late_lead).escalation == Escalation.AGENCY_HEAD
    scan_on(days(2026, 10, 21))
    assert open_warning("filing_decision", case=late_lead).escalation == Escalation.SUPERVISOR
    entry = JournalEntry.objects.filter(kind="warning_rule.configured").get()
    assert '"lead_days":[3,0]' in entry.payload


def test_a_disabled_rule_clears_its_warnings(late_lead, users):
    scan_on(days(2026, 10, 20))
    services.configure_rule(users[Role.ADMIN], "filing_decision", {"enabled": False})
    scan_on(days(2026, 10, 20))
    warning = Warning.objects.get(rule="filing_decision", case=late_lead)
    assert warning.cleared_at is not None and warning.clear_reason == "预警规则已停用"


def test_bad_settings_are_refused_with_the_field_named(users):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(ValidationError) as error:
        services.configure_rule(users[Role.ADMIN], "filing_decision", {"lead_days": "很多"})
    assert "提前预警天数（lead_days）须为0至365之间的整数" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.configure_rule(users[Role.ADMIN], "filing_decision", {"to_agency_head_after": 9, "to_supervisor_after": 2})
    assert "报执法监督机构的超期天数不能少于" in str(error.value)
    with pytest.raises(ValidationError):
        services.configure_rule(users[Role.ADMIN], "no_such_rule", {"lead_days": 1})
    with pytest.raises(PermissionDenied):
        services.configure_rule(users[Role.SUPERVISOR], "filing_decision", {"lead_days": 1})
    assert not JournalEntry.objects.filter(kind="warning_rule.configured").exists()


def test_e_mail_goes_to_those_with_an_address_when_configured(late_lead, crew, settings,
                                                            django_capture_on_commit_callbacks):
    settings.ZHIFA = {**settings.ZHIFA, "WARNING_EMAIL": True}
    crew[1][0].email = "li.na@example.gov.cn"
    crew[1][0].save()
    with django_capture_on_commit_callbacks(execute=True):
        scan_on(days(2026, 10, 14))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["li.na@example.gov.cn"] and "黄色预警" in message.subject
    assert "2026年10月19日" in message.body and "/supervision/warnings/" in message.body
    assert Notification.objects.filter(user=crew[1][0], emailed_at__isnull=False).count() == 1


def test_no_e_mail_unless_configured(late_lead, crew, django_capture_on_commit_callbacks):
    crew[1][0].email = "li.na@example.gov.cn"
    crew[1][0].save()
    with django_capture_on_commit_callbacks(execute=True):
        scan_on(days(2026, 10, 14))
    assert mail.outbox == []


def test_a_change_rechecks_its_case_at_once(head, crew, agency, django_capture_on_commit_callbacks):
    from zhifa.testing import make_certificate, make_person

    people, logins = crew
    case = put(head, make_case(head, officers=people), "filing", days(2026, 10, 12))
    with django_capture_on_commit_callbacks(execute=True):
        cases.declare_recusal(logins[1], Case.objects.get(pk=case.pk), has_interest=True, statement="应当回避")
    assert open_warning("officers", case=case).level == Level.YELLOW
    third = make_person(agency, "王强")
    make_certificate(third)
    with django_capture_on_commit_callbacks(execute=True):
        cases.assign_officers(head, Case.objects.get(pk=case.pk), [people[0], third])
    assert open_warning("officers", case=case) is None


def test_a_rolled_back_change_rechecks_nothing_and_a_failing_recheck_never_undoes_a_change(
        head, crew, monkeypatch, django_capture_on_commit_callbacks, caplog):
    people, logins = crew
    case = put(head, make_case(head, officers=people), "filing", days(2026, 10, 12))

    def broken(**kwargs):
        raise RuntimeError("数据库暂时不可用")

    monkeypatch.setattr(scan, "run", broken)
    with django_capture_on_commit_callbacks(execute=True):
        cases.declare_recusal(logins[1], Case.objects.get(pk=case.pk), has_interest=True, statement="应当回避")
    assert Case.objects.get(pk=case.pk).recusals.count() == 1  # the change stands
    assert "预警复核失败" in caplog.text


def test_each_run_that_changes_something_is_journalled_once_with_a_digest(late_lead):
    before = JournalEntry.objects.filter(kind="warnings.updated").count()
    scan_on(days(2026, 10, 14))
    scan_on(days(2026, 10, 14))  # nothing changed
    entries = JournalEntry.objects.filter(kind="warnings.updated")
    assert entries.count() == before + 1
    payload = entries.order_by("-sequence").first().payload
    assert '"raised":' in payload and '"changes_sha256":"' in payload and '"scope":"full"' in payload


def test_a_recheck_touches_only_the_subjects_it_names(head, late_lead):
    other = put(head, make_case(head, title="另一案"), "lead", days(2026, 9, 21))
    scan_on(days(2026, 10, 20))
    assert Warning.objects.filter(rule="filing_decision", cleared_at__isnull=True).count() == 2
    put(head, late_lead, "filing", days(2026, 10, 21))
    scan.run(subjects={"case": {late_lead.pk}}, today=days(2026, 10, 21), now=moment(days(2026, 10, 21), 12))
    assert open_warning("filing_decision", case=late_lead) is None
    assert open_warning("filing_decision", case=other).level == Level.RED


def test_the_scan_state_records_the_last_full_scan(late_lead):
    from zhifa.supervision.models import ScanState

    result = scan_on(days(2026, 10, 14))
    state = ScanState.objects.get()
    assert state.last_full_scan_at is not None and result.findings >= 1


def test_a_user_of_another_agency_gets_no_notification(late_lead, other_agency):
    make_user("other_head", Role.AGENCY_HEAD, other_agency)
    scan_on(days(2026, 11, 2))
    assert "other_head" not in told(open_warning("filing_decision", case=late_lead))


def test_warnings_on_the_working_day_calendar_of_an_unknown_year_say_so(head):
    from zhifa.core.models import CalendarYear

    CalendarYear.objects.filter(year=2027).delete()
    case = put(head, make_case(head), "lead", days(2027, 1, 4))
    scan_on(days(2027, 1, 22))
    warning = open_warning("filing_decision", case=case)
    assert warning is not None and warning.due_confirmed is False
    assert "节假日安排尚未公布" in warning.message
    assert warning.due_on == datetime.date(2027, 1, 25)


def test_the_periodic_huey_task_runs_the_full_scan(late_lead):
    from huey.contrib.djhuey import HUEY

    from zhifa.supervision.tasks import scan_warnings

    assert scan_warnings.task_class in HUEY._registry._periodic_tasks
    result = scan_warnings.call_local()
    assert result["raised"] >= 1 and open_warning("filing_decision", case=late_lead).level == Level.RED
