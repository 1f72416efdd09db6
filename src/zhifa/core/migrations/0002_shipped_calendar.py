"""Load the holiday arrangements of the State Council's notices, 2019 onwards (core/data/holidays.json)."""

from django.db import migrations

def load(apps, schema_editor):
    from zhifa.core.shipped import load_shipped_calendar

    load_shipped_calendar(apps.get_model("core", "CalendarYear"), apps.get_model("core", "CalendarDay"))


def unload(apps, schema_editor):
    apps.get_model("core", "CalendarYear").objects.filter(shipped=True).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
