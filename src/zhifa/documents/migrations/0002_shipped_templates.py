"""Load the shipped document templates (R1)."""

from django.db import migrations


def load(apps, schema_editor):
    from zhifa.documents.loader import load_shipped_templates

    load_shipped_templates(apps.get_model("documents", "DocumentTemplate"))


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
