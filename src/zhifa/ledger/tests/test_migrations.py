"""R6: entries journalled before the tree existed are rewritten into leaves and the tree is built over them."""

import datetime
import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from zhifa.ledger import merkle, triggers


@pytest.mark.django_db(transaction=True)
def test_r6_existing_entries_become_leaves_of_a_fresh_tree(agency, users):
    executor = MigrationExecutor(connection)
    executor.migrate([("ledger", "0001_initial")])
    old = executor.loader.project_state([("ledger", "0001_initial")]).apps
    OldEntry = old.get_model("ledger", "JournalEntry")
    at = datetime.datetime(2026, 3, 1, 8, 0, 0, 123000, tzinfo=datetime.UTC)
    admin = users["admin"]
    for i in range(3):
        OldEntry.objects.create(sequence=i, recorded_at=at, actor_id=admin.pk, actor_name="管理员", agency_id=agency.pk,
                                subject_type="organizations.person", subject_id=str(i), kind="person.created",
                                payload=json.dumps({"name": f"张伟{i}"}, ensure_ascii=False, separators=(",", ":")),
                                leaf_hash=b"old")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes("ledger"))

    from zhifa.ledger.models import JournalEntry, TreeHead, TreeNode

    entries = list(JournalEntry.objects.order_by("sequence"))
    assert json.loads(entries[1].body) == {
        "actor": admin.pk, "actor_name": "管理员", "agency": agency.pk, "kind": "person.created",
        "payload": {"name": "张伟1"}, "seq": 1, "subject": {"id": "1", "type": "organizations.person"},
        "time": "2026-03-01T08:00:00.123Z"}
    assert all(bytes(e.leaf_hash) == merkle.leaf_hash(e.body.encode()) for e in entries)
    head = TreeHead.objects.get()
    assert head.size == 3 and TreeNode.objects.count() == 1
    assert merkle.Frontier.from_bytes(3, bytes(head.frontier)).root() == merkle.root_hash([e.body.encode() for e in entries])
    assert len(triggers.installed(connection)) == triggers.expected_count(connection.vendor)
