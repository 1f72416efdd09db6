"""R6: the database itself refuses to change or delete journal entries, tree nodes and checkpoints."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from zhifa.ledger import services, triggers
from zhifa.ledger.models import Checkpoint, JournalEntry, TreeNode

pytestmark = pytest.mark.django_db


@pytest.fixture
def written(journal):
    journal(4)
    services.issue_checkpoint()


@pytest.mark.parametrize("model", [JournalEntry, TreeNode, Checkpoint])
def test_r6_update_is_refused_by_the_database(written, model):
    row = model.objects.first()
    field = {JournalEntry: "kind", TreeNode: "level", Checkpoint: "key_name"}[model]
    with pytest.raises(DatabaseError, match="只能追加"), transaction.atomic():
        model.objects.filter(pk=row.pk).update(**{field: 9 if field == "level" else "changed"})
    assert model.objects.filter(pk=row.pk).values_list(field, flat=True).get() == getattr(row, field)


@pytest.mark.parametrize("model", [JournalEntry, TreeNode, Checkpoint])
def test_r6_delete_is_refused_by_the_database(written, model):
    before = model.objects.count()
    with pytest.raises(DatabaseError, match="只能追加"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {model._meta.db_table}")
    assert model.objects.count() == before


def test_r6_raw_sql_update_of_a_payload_is_refused(written):
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE ledger_journalentry SET body = 'x' WHERE sequence = 1")
    assert JournalEntry.objects.get(sequence=1).body != "x"


def test_r6_truncate_is_refused_on_postgresql(written):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; DELETE is covered above")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # settle the test's deferred foreign-key checks
    with pytest.raises(DatabaseError, match="只能追加"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE ledger_journalentry CASCADE")
    assert JournalEntry.objects.count() == 4


def test_r6_inserting_is_allowed_and_every_trigger_is_installed(written):
    assert len(triggers.installed(connection)) == triggers.expected_count(connection.vendor)
    assert JournalEntry.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_r6_flushing_the_whole_database_lifts_and_restores_the_triggers(journal):
    journal(2)
    call_command("flush", interactive=False, verbosity=0)
    assert not JournalEntry.objects.exists()
    assert len(triggers.installed(connection)) == triggers.expected_count(connection.vendor)
