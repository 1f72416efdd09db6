"""Stage visits carry their case's agency, so a region's on-time figures need not join the cases.

The column is filled here and made required in 0004: PostgreSQL refuses to alter a table with
pending (deferred) foreign-key checks in the transaction that updated it.
"""

from django.db import migrations, models


def copy_agency(apps, schema_editor):
    schema_editor.execute(
        "UPDATE cases_stagevisit SET agency_id = (SELECT c.agency_id FROM cases_case c WHERE c.id = cases_stagevisit.case_id)"
    )


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0002_stage_visit_indexes"),
        ("organizations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="stagevisit",
            name="agency",
            field=models.ForeignKey(editable=False, null=True, on_delete=models.deletion.PROTECT, related_name="+",
                                    to="organizations.agency", verbose_name="执法主体"),
        ),
        migrations.RunPython(copy_agency, migrations.RunPython.noop, elidable=False),
    ]
