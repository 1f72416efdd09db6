"""Changes to the working-day calendar: an administrator records a new year's State Council notice."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from zhifa.accounts.roles import Role
from zhifa.core.scoping import scope_for
from zhifa.ledger.services import append

from .models import CalendarDay, CalendarYear


def parse_day_lines(text: str, year: int, field: str) -> list[tuple[datetime.date, str]]:
    """Lines of ``YYYY-MM-DD 名称`` (name optional); every bad line is reported at once."""
    days, errors, seen = [], [], set()
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        head, _, name = line.partition(" ")
        try:
            day = datetime.date.fromisoformat(head)
        except ValueError:
            errors.append(f"第{number}行“{head}”不是 YYYY-MM-DD 格式的日期")
            continue
        if day.year != year:
            errors.append(f"第{number}行 {day} 不属于{year}年")
        elif day in seen:
            errors.append(f"第{number}行 {day} 重复")
        seen.add(day)
        days.append((day, name.strip()))
    if errors:
        raise ValidationError({field: errors})
    return days


@transaction.atomic
def save_calendar_year(actor, *, year: int, notice_title: str, notice_number: str, rest_days: str, working_days: str):
    """Replace a year's arrangement (rest days and 调休 working days) with what the notice says."""
    if scope_for(actor).role != Role.ADMIN:
        raise PermissionDenied("只有系统管理员可以维护节假日安排")
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": "年份必须在2000至2100之间"})
    rest = parse_day_lines(rest_days, year, "rest_days")
    work = parse_day_lines(working_days, year, "working_days")
    both = {d for d, _ in rest} & {d for d, _ in work}
    if both:
        raise ValidationError({"working_days": f"同一天不能既放假又上班：{'、'.join(str(d) for d in sorted(both))}"})
    weekday_work = [d for d, _ in work if d.weekday() < 5]
    if weekday_work:
        raise ValidationError({"working_days": f"调休上班日应为周末：{'、'.join(str(d) for d in weekday_work)}"})
    cal, _ = CalendarYear.objects.update_or_create(
        year=year, defaults={"notice_title": notice_title.strip(), "notice_number": notice_number.strip()}
    )
    cal.days.all().delete()
    CalendarDay.objects.bulk_create(
        [CalendarDay(calendar_year=cal, date=d, is_working_day=False, name=n) for d, n in rest]
        + [CalendarDay(calendar_year=cal, date=d, is_working_day=True, name=n) for d, n in work]
    )
    from . import calendar

    calendar.clear_cache()
    append(
        "calendar.year_saved",
        cal,
        actor,
        None,
        {
            "year": year,
            "notice_title": cal.notice_title,
            "notice_number": cal.notice_number,
            "rest_days": [d.isoformat() for d, _ in sorted(rest)],
            "working_days": [d.isoformat() for d, _ in sorted(work)],
        },
    )
    return cal
