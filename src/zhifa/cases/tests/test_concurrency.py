"""Two people acting on one case at once lose no update (optimistic locking over a row lock)."""

import threading

import pytest
from django.db import connections, transaction

from zhifa.accounts.roles import Role
from zhifa.cases import services
from zhifa.cases.models import Case
from zhifa.core.errors import ConflictError
from zhifa.testing import make_case

pytestmark = pytest.mark.django_db(transaction=True)


def _race(case, edits):
    """Each edit runs in its own thread and transaction, all holding the same loaded version."""
    results, barrier = {}, threading.Barrier(len(edits))

    def worker(name, actor, data):
        try:
            barrier.wait()
            with transaction.atomic():
                services.update_case(actor, case, data, version=case.version)
            results[name] = "saved"
        except ConflictError:
            results[name] = "conflict"
        except Exception as exc:  # collected and asserted below
            results[name] = repr(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=edit) for edit in edits]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_of_two_simultaneous_edits_one_saves_and_the_other_is_told(users):
    head, dept_head = users[Role.AGENCY_HEAD], users[Role.DEPT_HEAD]
    case = make_case(head)
    results = _race(case, [("a", head, {"facts": "甲的认定"}), ("b", dept_head, {"place": "乙的地点"})])
    assert sorted(results.values()) == ["conflict", "saved"], results
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.version == case.version + 1
    # Whatever was saved is there in full; the loser changed nothing and knows to reload.
    assert (fresh.facts, fresh.place) in {("甲的认定", ""), ("", "乙的地点")}


def test_eight_simultaneous_edits_exactly_one_wins(users):
    head = users[Role.AGENCY_HEAD]
    case = make_case(head)
    results = _race(case, [(str(i), head, {"facts": f"第{i}次"}) for i in range(8)])
    assert list(results.values()).count("saved") == 1, results
    assert list(results.values()).count("conflict") == 7, results
