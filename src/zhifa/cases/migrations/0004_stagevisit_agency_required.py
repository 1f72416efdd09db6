"""The stage visit's agency is required; the on-time indexes cover it instead of the case."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0003_stagevisit_agency"),
    ]

    operations = [
        migrations.AlterField(
            model_name="stagevisit",
            name="agency",
            field=models.ForeignKey(editable=False, on_delete=models.deletion.PROTECT, related_name="+",
                                    to="organizations.agency", verbose_name="执法主体"),
        ),
        migrations.RemoveIndex(model_name="stagevisit", name="visit_stage_left"),
        migrations.RemoveIndex(model_name="stagevisit", name="visit_stage_entered"),
        migrations.AddIndex(
            model_name="stagevisit",
            index=models.Index(fields=["stage", "left_at", "agency", "due_on"], name="visit_stage_left_agency"),
        ),
        migrations.AddIndex(
            model_name="stagevisit",
            index=models.Index(fields=["stage", "entered_at", "agency", "due_on"], name="visit_stage_entered_agency"),
        ),
    ]
