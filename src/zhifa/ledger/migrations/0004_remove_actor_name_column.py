"""The actor's name now lives only inside the entry's canonical body."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [("ledger", "0003_rewrite_entries_as_leaves")]

    operations = [
        migrations.RemoveField(model_name="journalentry", name="actor_name"),
    ]
