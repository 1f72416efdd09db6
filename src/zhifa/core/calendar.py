"""The working-day calendar (PL Art. 85): weekends and statutory holidays off, 调休 days on.

Years come from the State Council's notices, shipped for 2019 onwards and extended by an
administrator in a form. In a year without data the weekday rule alone applies and the answer is
*unconfirmed*: ``add_working_days`` returns a :class:`CalendarDate` — a ``date`` whose
``confirmed`` attribute is False when any day it stepped over lies in such a year.
"""

import datetime
import threading
import time
from dataclasses import dataclass

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import CalendarDay, CalendarYear


class CalendarDate(datetime.date):
    """A date plus whether every day used to reach it had a published holiday arrangement."""

    confirmed: bool = True

    def __new__(cls, value: datetime.date, confirmed: bool = True):
        obj = super().__new__(cls, value.year, value.month, value.day)
        obj.confirmed = confirmed
        return obj

    def __repr__(self):
        flag = "" if self.confirmed else ", confirmed=False"
        return f"CalendarDate({self.isoformat()}{flag})"

    def as_date(self) -> datetime.date:
        return datetime.date(self.year, self.month, self.day)


@dataclass(frozen=True)
class _Year:
    known: bool
    rest: frozenset
    work: frozenset


# Per-process cache of years. Another process (a worker, another web node) sees an administrator's
# change within CACHE_SECONDS; this process sees it at once, and again after the commit in case a
# read in between cached the uncommitted state.
CACHE_SECONDS = 60
_cache: dict[int, tuple[float, _Year]] = {}
_lock = threading.Lock()


def clear_cache():
    with _lock:
        _cache.clear()


def _year(year: int) -> _Year:
    cached = _cache.get(year)
    now = time.monotonic()
    if cached is not None and now - cached[0] < CACHE_SECONDS:
        return cached[1]
    known = CalendarYear.objects.filter(year=year).exists()
    rest, work = set(), set()
    if known:
        for date, is_working in CalendarDay.objects.filter(calendar_year_id=year).values_list(
            "date", "is_working_day"
        ):
            (work if is_working else rest).add(date)
    data = _Year(known, frozenset(rest), frozenset(work))
    with _lock:
        _cache[year] = (now, data)
    return data


@receiver([post_save, post_delete], sender=CalendarDay)
@receiver([post_save, post_delete], sender=CalendarYear)
def _invalidate(**kwargs):
    clear_cache()
    transaction.on_commit(clear_cache)


def is_confirmed(day: datetime.date) -> bool:
    """Whether ``day``'s year has a published holiday arrangement in the calendar."""
    return _year(day.year).known


def is_working_day(day: datetime.date) -> bool:
    data = _year(day.year)
    if day in data.work:
        return True
    if day in data.rest:
        return False
    return day.weekday() < 5


def add_working_days(start: datetime.date, n: int) -> CalendarDate:
    """The ``n``-th working day after ``start`` (n ≥ 1); ``start`` itself never counts."""
    if n < 1:
        raise ValueError("工作日天数必须至少为1")
    day, confirmed, counted = start, True, 0
    while counted < n:
        day += datetime.timedelta(days=1)
        confirmed = confirmed and is_confirmed(day)
        if is_working_day(day):
            counted += 1
    return CalendarDate(day, confirmed)


def next_working_day(day: datetime.date) -> CalendarDate:
    """``day`` itself when it is a working day, else the first working day after it."""
    confirmed = is_confirmed(day)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
        confirmed = confirmed and is_confirmed(day)
    return CalendarDate(day, confirmed)


def add_calendar_days(start: datetime.date, n: int) -> CalendarDate:
    """End of a period of ``n`` calendar days from ``start``.

    A period whose last day is a rest day ends on the next working day (the rule of civil and
    administrative procedure that DESIGN.md adopts).
    """
    if n < 1:
        raise ValueError("日历日天数必须至少为1")
    return next_working_day(start + datetime.timedelta(days=n))


def add_months(start: datetime.date, months: int) -> CalendarDate:
    """End of a period of whole months (e.g. the 2-year limitation period as 24 months)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            end = datetime.date(year, month, day)
            break
        except ValueError:
            continue
    return next_working_day(end)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end ≤ start)."""
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
