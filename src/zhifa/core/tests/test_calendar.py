"""The working-day calendar (PL Art. 85): statutory holidays off, 调休 weekends on, unknown years flagged."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhifa.accounts.roles import Role
from zhifa.core import calendar
from zhifa.core.models import CalendarYear
from zhifa.core.services import save_calendar_year

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.mark.parametrize(
    "day, working",
    [
        (D(2025, 1, 26), True),  # Sunday worked before the Spring Festival
        (D(2025, 1, 28), False),  # Spring Festival eve
        (D(2025, 10, 8), False),  # National Day and Mid-autumn together
        (D(2025, 10, 11), True),  # Saturday worked
        (D(2024, 2, 4), True),
        (D(2026, 2, 14), True),  # Saturday worked before the 2026 Spring Festival
        (D(2026, 2, 23), False),
        (D(2026, 11, 20), True),  # an ordinary Friday
        (D(2026, 11, 21), False),  # an ordinary Saturday
        (D(2019, 5, 3), False),
        (D(2020, 1, 31), False),  # Spring Festival extended in 2020
    ],
)
def test_shipped_years_follow_the_state_council_notices(day, working):
    assert calendar.is_working_day(day) is working


def test_every_year_from_2019_is_on_file():
    assert set(CalendarYear.objects.values_list("year", flat=True)) >= set(range(2019, 2027))


def test_working_days_skip_a_holiday_week():
    # Issued on 30 September 2026: a 7-working-day disclosure period runs past the National Day week.
    end = calendar.add_working_days(D(2026, 9, 30), 7)
    assert end == D(2026, 10, 15)  # 8, 9, 10 (a Saturday worked), 12, 13, 14, 15
    assert end.confirmed


def test_the_start_day_never_counts_and_n_must_be_positive():
    assert calendar.add_working_days(D(2026, 11, 16), 1) == D(2026, 11, 17)
    with pytest.raises(ValueError):
        calendar.add_working_days(D(2026, 11, 16), 0)


def test_a_period_reaching_into_a_year_without_a_notice_is_unconfirmed():
    end = calendar.add_working_days(D(2026, 12, 25), 10)
    assert end == D(2027, 1, 8)  # weekends only: no 2027 notice on file
    assert end.confirmed is False
    assert calendar.add_working_days(D(2026, 12, 1), 5).confirmed is True


def test_years_far_outside_any_notice_never_raise():
    assert calendar.is_working_day(D(2031, 3, 3)) is True
    assert calendar.add_working_days(D(1999, 12, 30), 3) == D(2000, 1, 4)


def test_a_calendar_day_period_ending_on_a_holiday_moves_to_the_next_working_day():
    # 15 days after 16 September 2026 is 1 October, National Day: the period ends on 8 October.
    end = calendar.add_calendar_days(D(2026, 9, 16), 15)
    assert end == D(2026, 10, 8)
    assert calendar.add_calendar_days(D(2026, 11, 1), 15) == D(2026, 11, 16)


def test_month_periods_clip_to_the_month_end():
    assert calendar.add_months(D(2023, 11, 30), 3) == D(2024, 2, 29)
    assert calendar.add_months(D(2025, 8, 31), 6) == D(2026, 2, 28)  # a Saturday, but worked (春节调休)
    assert calendar.add_months(D(2026, 3, 31), 2) == D(2026, 6, 1)  # 31 May 2026 is a Sunday


def test_working_days_between():
    assert calendar.working_days_between(D(2026, 9, 30), D(2026, 10, 10)) == 3  # 8th, 9th and the 10th, a Saturday worked
    assert calendar.working_days_between(D(2026, 10, 10), D(2026, 10, 1)) == 0


YEAR_2027_REST = "\n".join(["2027-01-01 元旦", "2027-02-05 春节", "2027-02-08 春节"])


def test_an_administrator_adds_a_new_year_and_results_become_confirmed(users):
    save_calendar_year(
        users[Role.ADMIN], year=2027, notice_title="国务院办公厅关于2027年部分节假日安排的通知",
        notice_number="", rest_days=YEAR_2027_REST, working_days="2027-02-20 春节调休",
    )
    assert calendar.is_working_day(D(2027, 2, 8)) is False
    assert calendar.is_working_day(D(2027, 2, 20)) is True  # a Saturday worked
    end = calendar.add_working_days(D(2026, 12, 25), 10)
    assert end.confirmed is True
    from zhifa.ledger.models import JournalEntry

    assert JournalEntry.objects.filter(kind="calendar.year_saved", subject_id="2027").exists()


def test_only_an_administrator_may_change_the_calendar(users):
    with pytest.raises(PermissionDenied):
        save_calendar_year(users[Role.SUPERVISOR], year=2027, notice_title="", notice_number="",
                           rest_days=YEAR_2027_REST, working_days="")
    assert not CalendarYear.objects.filter(year=2027).exists()


@pytest.mark.parametrize(
    "rest, work, field, message",
    [
        ("2027-13-01 元旦", "", "rest_days", "第1行"),
        ("2028-01-01 元旦", "", "rest_days", "不属于2027年"),
        ("2027-01-01\n2027-01-01", "", "rest_days", "重复"),
        ("2027-02-20", "2027-02-20", "working_days", "既放假又上班"),
        ("", "2027-02-22", "working_days", "应为周末"),
    ],
)
def test_bad_calendar_input_names_the_line_and_changes_nothing(users, rest, work, field, message):
    with pytest.raises(ValidationError) as info:
        save_calendar_year(users[Role.ADMIN], year=2027, notice_title="", notice_number="",
                           rest_days=rest, working_days=work)
    assert message in " ".join(info.value.message_dict[field])
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_the_calendar_page_computes_a_deadline_and_flags_unconfirmed_results(client, users):
    client.force_login(users[Role.OFFICER])
    page = client.get("/calendar/", {"start": "2026-12-25", "days": "10", "mode": "working"})
    assert page.status_code == 200
    assert "2027年1月8日" in page.content.decode() and "未确认" in page.content.decode()
    assert client.post("/calendar/", {"year": "2027"}).status_code == 403


def test_the_calendar_form_saves_a_year_for_an_administrator(client, users):
    client.force_login(users[Role.ADMIN])
    response = client.post("/calendar/", {"year": "2027", "notice_title": "通知", "notice_number": "",
                                          "rest_days": YEAR_2027_REST, "working_days": ""})
    assert response.status_code == 302
    bad = client.post("/calendar/", {"year": "2028", "rest_days": "2028-02-30", "working_days": ""})
    assert bad.status_code == 200 and "第1行" in bad.content.decode()
    assert not CalendarYear.objects.filter(year=2028).exists()


def test_the_deadline_api(client, users):
    client.force_login(users[Role.OFFICER])
    body = client.get("/api/v1/calendar/deadline/", {"start": "2026-09-30", "days": 1}).json()
    assert body == {"start": "2026-09-30", "days": 1, "mode": "working", "deadline": "2026-10-08", "confirmed": True}
    problem = client.get("/api/v1/calendar/deadline/", {"start": "2026-02-30", "days": 0})
    assert problem.status_code == 400 and problem["Content-Type"] == "application/problem+json"
    assert set(problem.json()["errors"]) == {"start", "days"}
