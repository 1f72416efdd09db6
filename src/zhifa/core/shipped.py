"""The holiday arrangements shipped with the code (``data/holidays.json``, from the State Council notices).

Loaded by the data migration and again after every ``migrate`` and ``flush`` (``post_migrate``), so a
database never lacks a shipped year: the test runner's flush between transactional tests would
otherwise leave the calendar empty and every deadline counted on weekends alone.
"""

import datetime
import json
from pathlib import Path

from django.apps import apps as global_apps

HOLIDAYS = Path(__file__).resolve().parent / "data" / "holidays.json"


def load_shipped_calendar(calendar_year_model=None, calendar_day_model=None) -> int:
    """Create every shipped year the database lacks; a year already on file is left as it is. Returns years created."""
    if calendar_year_model is None:
        from .models import CalendarDay as calendar_day_model
        from .models import CalendarYear as calendar_year_model
    data = json.loads(HOLIDAYS.read_text("utf-8"))
    present = set(calendar_year_model.objects.values_list("year", flat=True))
    created = 0
    for year_text, days in data.items():
        year = int(year_text)
        if year in present:
            continue
        cal = calendar_year_model.objects.create(
            year=year, notice_title=f"国务院办公厅关于{year}年部分节假日安排的通知", shipped=True
        )
        calendar_day_model.objects.bulk_create(
            [calendar_day_model(calendar_year=cal, date=datetime.date.fromisoformat(d), is_working_day=False, name=n)
             for d, n in days["rest_days"].items()]
            + [calendar_day_model(calendar_year=cal, date=datetime.date.fromisoformat(d), is_working_day=True, name=n)
               for d, n in days["working_days"].items()]
        )
        created += 1
    return created


def restore_after_migrate(sender, apps=None, **kwargs):
    """``post_migrate`` receiver: put back shipped rows a flush removed (idempotent).

    ``migrate`` passes the migration state's ``apps``; ``flush`` passes none.
    """
    apps = apps or global_apps
    try:
        year, day = apps.get_model("core", "CalendarYear"), apps.get_model("core", "CalendarDay")
    except LookupError:  # migrated backwards past the calendar
        return
    load_shipped_calendar(year, day)
