"""Load the holiday arrangements of the State Council's notices, 2019 onwards (core/data/holidays.json)."""

import datetime
import json
from pathlib import Path

from django.db import migrations

def load(apps, schema_editor):
    CalendarYear = apps.get_model("core", "CalendarYear")
    CalendarDay = apps.get_model("core", "CalendarDay")
    data = json.loads((Path(__file__).resolve().parent.parent / "data" / "holidays.json").read_text("utf-8"))
    for year_text, days in data.items():
        year = int(year_text)
        cal = CalendarYear.objects.create(
            year=year,
            notice_title=f"国务院办公厅关于{year}年部分节假日安排的通知",
            shipped=True,
        )
        CalendarDay.objects.bulk_create(
            [CalendarDay(calendar_year=cal, date=datetime.date.fromisoformat(d), is_working_day=False, name=n)
             for d, n in days["rest_days"].items()]
            + [CalendarDay(calendar_year=cal, date=datetime.date.fromisoformat(d), is_working_day=True, name=n)
               for d, n in days["working_days"].items()]
        )


def unload(apps, schema_editor):
    apps.get_model("core", "CalendarYear").objects.filter(shipped=True).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
