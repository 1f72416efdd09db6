"""R6: every change enters the journal in its own transaction, in one unbroken sequence, as a Merkle leaf."""

import json
import threading

import pytest
from django.db import connection, transaction

from zhifa.accounts.roles import Role
from zhifa.ledger import merkle, services
from zhifa.ledger.models import JournalEntry, TreeHead, TreeNode

pytestmark = pytest.mark.django_db


def test_r6_an_entry_holds_sequence_time_actor_agency_subject_kind_and_canonical_payload(agency, users):
    actor = users[Role.AGENCY_HEAD]
    with transaction.atomic():
        entry = services.append("person.created", ("organizations.person", 7), actor, agency,
                                {"姓名": "张伟", "b": 1.50, "a": [True, None]})
    entry.refresh_from_db()
    assert (entry.sequence, entry.actor, entry.agency, entry.subject_type, entry.subject_id, entry.kind) == (
        0, actor, agency, "organizations.person", "7", "person.created")
    assert entry.payload == '{"a":[true,null],"b":1.5,"姓名":"张伟"}'
    data = json.loads(entry.body)
    assert data == {"actor": actor.pk, "actor_name": "agency_head", "agency": agency.pk, "kind": "person.created",
                    "payload": {"a": [True, None], "b": 1.5, "姓名": "张伟"}, "seq": 0,
                    "subject": {"id": "7", "type": "organizations.person"}, "time": data["time"]}
    assert data["time"].endswith("Z") and len(data["time"]) == 24
    assert entry.body.startswith('{"actor":') and ',"payload":{"a":[true,null],"b":1.5,"姓名":"张伟"},"seq":0,' in entry.body
    assert bytes(entry.leaf_hash) == merkle.leaf_hash(entry.body.encode())
    assert entry.recorded_at.microsecond % 1000 == 0


def test_r6_sequence_numbers_are_consecutive_and_the_tree_grows_without_rebuilding(journal):
    entries = journal(11)
    assert [e.sequence for e in entries] == list(range(11))
    head = TreeHead.objects.get()
    bodies = [e.body.encode() for e in JournalEntry.objects.order_by("sequence")]
    assert head.size == 11
    assert merkle.Frontier.from_bytes(head.size, bytes(head.frontier)).root() == merkle.root_hash(bodies)
    # one stored node per completed perfect subtree of level ≥ 1: 11 − popcount(11)
    assert TreeNode.objects.count() == 11 - 3
    node = TreeNode.objects.get(level=3, index=0)
    assert bytes(node.hash) == merkle.root_hash(bodies[:8])


def test_r6_a_rolled_back_change_leaves_no_entry_and_no_gap(journal, agency, users):
    journal(2)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.append("person.updated", ("organizations.person", "1"), users[Role.AGENCY_HEAD], agency, {"x": 1})
        raise RuntimeError("the service failed after journalling")
    assert JournalEntry.objects.count() == 2 and TreeHead.objects.get().size == 2
    assert journal(1)[0].sequence == 2


@pytest.mark.django_db(transaction=True)
def test_r6_append_outside_a_transaction_is_refused(agency, users):
    with pytest.raises(RuntimeError, match="事务"):
        services.append("x.y", ("a.b", "1"), users[Role.AGENCY_HEAD], agency, {})
    assert not JournalEntry.objects.exists()


@pytest.mark.parametrize(("kind", "subject", "payload", "message"), [
    ("", ("a.b", "1"), {}, "kind"),
    ("k" * 61, ("a.b", "1"), {}, "kind"),
    ("x.y", ("a" * 51, "1"), {}, "subject_type"),
    ("x.y", ("a.b", "1" * 65), {}, "subject_id"),
    ("x.y", ("a.b", "1"), ["not", "a", "dict"], "字典"),
    ("x.y", ("a.b", "1"), {"bad": float("nan")}, "NaN"),
])
def test_r6_malformed_events_are_refused_and_nothing_is_written(agency, users, kind, subject, payload, message):
    with pytest.raises((ValueError, TypeError), match=message), transaction.atomic():
        services.append(kind, subject, users[Role.AGENCY_HEAD], agency, payload)
    assert not JournalEntry.objects.exists() and not TreeHead.objects.filter(size__gt=0).exists()


def test_r6_anonymous_and_system_events_have_no_actor(agency):
    from django.contrib.auth.models import AnonymousUser

    with transaction.atomic():
        first = services.append("complaint.received", ("disclosure.complaint", "1"), AnonymousUser(), agency, {})
        second = services.append("calendar.loaded", ("core.calendaryear", "2027"), None, None, {})
    assert first.data["actor"] is None and first.data["actor_name"] == ""
    assert second.agency is None and second.data["agency"] is None


def test_r6_a_missing_tree_head_stops_appends_instead_of_forking_the_journal(journal, agency, users):
    journal(1)
    TreeHead.objects.all().delete()
    with pytest.raises(services.LedgerStateError), transaction.atomic():
        services.append("x.y", ("a.b", "1"), users[Role.AGENCY_HEAD], agency, {})


def _concurrent_appends(agency, actor, n):
    from django.db import connections

    errors, barrier = [], threading.Barrier(n)

    def worker(i):
        try:
            barrier.wait()
            with transaction.atomic():
                services.append("person.updated", ("organizations.person", str(i)), actor, agency, {"i": i})
        except Exception as exc:  # collected and asserted by the caller
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_r6_thirty_concurrent_appends_get_thirty_consecutive_sequence_numbers_on_postgresql(agency, users):
    if connection.vendor != "postgresql":
        pytest.skip("row locking under real concurrency is what PostgreSQL deployments rely on")
    TreeHead.objects.all().delete()  # as after a flush: the first appends also race to create the head row
    assert _concurrent_appends(agency, users[Role.AGENCY_HEAD], 30) == []
    entries = list(JournalEntry.objects.order_by("sequence"))
    assert [e.sequence for e in entries] == list(range(30))
    assert sorted(e.data["payload"]["i"] for e in entries) == list(range(30))
    head = TreeHead.objects.get()
    assert merkle.Frontier.from_bytes(head.size, bytes(head.frontier)).root() == merkle.root_hash(
        [e.body.encode() for e in entries])


@pytest.mark.django_db(transaction=True)
def test_r6_concurrent_appends_on_sqlite_serialise(agency, users):
    if connection.vendor != "sqlite":
        pytest.skip("covered by the PostgreSQL test")
    TreeHead.objects.all().delete()
    assert _concurrent_appends(agency, users[Role.AGENCY_HEAD], 8) == []
    assert list(JournalEntry.objects.order_by("sequence").values_list("sequence", flat=True)) == list(range(8))
    assert TreeHead.objects.get().size == 8
