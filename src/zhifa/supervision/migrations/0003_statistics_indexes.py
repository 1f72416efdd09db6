"""Indexes the statistics need on the cases app's stage visits (its own migrations stay untouched).

The on-time figures read the visits of one stage left (or entered) in a period, with their due date:
these two covering indexes answer that from the index alone. ``IF NOT EXISTS`` keeps it idempotent on
SQLite and PostgreSQL; see docs/supervision.md ("Changes outside this app").
"""

from django.db import migrations

INDEXES = {
    "supervision_visit_stage_left": "(stage, left_at, due_on, case_id)",
    "supervision_visit_stage_entered": "(stage, entered_at, due_on, case_id)",
}


class Migration(migrations.Migration):
    dependencies = [("supervision", "0002_default_checklist"), ("cases", "0001_initial")]
    operations = [
        migrations.RunSQL(f"CREATE INDEX IF NOT EXISTS {name} ON cases_stagevisit {columns}",
                          f"DROP INDEX IF EXISTS {name}")
        for name, columns in INDEXES.items()
    ]
