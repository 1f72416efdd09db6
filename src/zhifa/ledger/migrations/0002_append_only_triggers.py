"""Journal, tree nodes and checkpoints become append-only in the database itself (SQLite and PostgreSQL)."""

from django.db import migrations

TABLES = ("ledger_journalentry", "ledger_treenode", "ledger_checkpoint")


def install(apps, schema_editor):
    from zhifa.ledger import triggers

    triggers.install(schema_editor.connection, TABLES)


def remove(apps, schema_editor):
    from zhifa.ledger import triggers

    triggers.remove(schema_editor.connection, TABLES)


class Migration(migrations.Migration):

    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
