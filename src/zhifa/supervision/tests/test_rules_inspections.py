"""Random-inspection results disclosed on time (I5 over P17): yellow before the deadline, red after, cleared
once published, on the 2026 calendar across 国庆.

Results entered on 2026-09-28 (Mon) are due 20 working days later, 2026-10-30 (Fri): 10-01…10-07 are
the National Day holiday and 10-10 (Sat) an adjusted working day; weekends alone would have given 10-26.
"""

import pytest
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.core.calendar import add_working_days
from zhifa.inspections import services as inspections
from zhifa.inspections.models import DrawnTarget, Result
from zhifa.inspections.tests.builders import directory, officers, plan_data, random_item
from zhifa.supervision import statistics
from zhifa.supervision.models import Level

from .helpers import days, level_on, moment, open_warning, scan_on

ENTERED = days(2026, 9, 28)


@pytest.fixture
def entered(agency, users):
    """A drawn plan with two results entered (as on 2026-09-28), neither published."""
    directory(agency)
    officers(agency)
    officer = users[Role.OFFICER]
    plan = inspections.create_plan(officer, agency, plan_data(random_item(agency)))
    inspections.draw(officer, plan)
    drawn = list(plan.drawn.order_by("draw_order"))[:2]
    for one in drawn:
        inspections.record_result(officer, one, {"inspected_on": timezone.localdate(), "result": Result.NO_PROBLEM})
    due = add_working_days(ENTERED, 20).as_date()
    DrawnTarget.objects.filter(pk__in=[d.pk for d in drawn]).update(disclosure_due_on=due)
    plan.refresh_from_db()
    return plan


def test_p17_results_are_due_twenty_working_days_after_entry_across_the_holiday():
    assert add_working_days(ENTERED, 20).as_date() == days(2026, 10, 30)


def test_p17_unpublished_results_are_yellow_two_working_days_before_red_after_and_cleared_once_published(
        entered, users, django_capture_on_commit_callbacks):
    rule = {"rule": "inspection_results"}
    assert level_on(days(2026, 10, 27), **rule) is None  # a weekends-only count would be past due already
    assert level_on(days(2026, 10, 28), **rule) == Level.YELLOW  # 10-29 and 10-30 left
    assert level_on(days(2026, 11, 2), **rule) == Level.RED
    warning = open_warning("inspection_results")
    assert warning.subject_type == "inspection" and warning.subject_id == str(entered.pk)
    assert warning.agency_id == entered.agency_id and warning.due_on == days(2026, 10, 30)
    assert "2户检查结果尚未公示" in warning.message and "已超期1个工作日" in warning.message

    with django_capture_on_commit_callbacks(execute=True):
        inspections.publish(users[Role.PUBLISHER], entered)
    assert open_warning("inspection_results") is None, "publication rechecks the plan at once"
    scan_on(days(2026, 11, 3))
    assert open_warning("inspection_results") is None


def test_p17_the_warning_page_leads_to_the_plan(client, entered, users):
    scan_on(days(2026, 11, 2))
    warning = open_warning("inspection_results")
    client.force_login(users[Role.PUBLISHER])
    page = client.get(f"/supervision/warnings/{warning.pk}/").content.decode()
    assert f"/inspections/{entered.pk}/" in page


def test_p17_statistics_count_results_published_by_their_due_date_for_the_region(entered, users, supervisor):
    inspections.publish(users[Role.PUBLISHER], entered)
    first, second = entered.drawn.exclude(result="").order_by("draw_order")
    DrawnTarget.objects.filter(pk=first.pk).update(published_at=moment(days(2026, 10, 30)))  # the last day
    DrawnTarget.objects.filter(pk=second.pk).update(published_at=moment(days(2026, 11, 2)))  # a working day late
    f = statistics.Filters(user=supervisor, period=statistics.Period(days(2026, 1, 1), days(2026, 12, 31)))
    row = next(r for r in statistics.on_time(f) if r.extra["rule"] == "inspection_results")
    assert row.extra == {"total": 2, "met": 1, "late": 1, "rule": "inspection_results"} and row.value == 50.0
    assert row.drill is None, "results belong to no case: nothing to drill down to in the case list"
    far = statistics.Filters(user=supervisor, period=statistics.Period(days(2025, 1, 1), days(2025, 12, 31)))
    assert next(r for r in statistics.on_time(far) if r.extra["rule"] == "inspection_results").value is None
