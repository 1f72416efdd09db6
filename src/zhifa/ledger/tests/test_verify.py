"""R6: ``zhifa verify`` proves the journal intact — and when someone with database access has changed,
deleted or reordered an entry, or altered a stored file, it fails and names it. Every tamper test
first drops the append-only triggers, as such an attacker would (the test's transaction restores them)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from zhifa.ledger import blobs, merkle, services, triggers
from zhifa.ledger.verify import verify_database

pytestmark = pytest.mark.django_db


@pytest.fixture
def sealed(journal):
    """Ten entries, checkpoints at 6 and 10, two stored files."""
    journal(6)
    services.issue_checkpoint()
    journal(4)
    services.issue_checkpoint()
    return [blobs.put_bytes("行政处罚决定书".encode()), blobs.put_bytes("现场检查笔录".encode())]


def run_verify(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return False, out.getvalue() + err.getvalue(), str(exc)
    return True, out.getvalue() + err.getvalue(), ""


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.fixture
def attacker():
    """Database access with the append-only triggers dropped."""
    triggers.remove(connection)
    return sql


def test_r6_an_intact_journal_verifies(sealed):
    ok, output, _ = run_verify()
    assert ok, output
    assert "日志条数：10" in output and "已复核存储文件：2" in output and "校验通过" in output
    assert "最新签名检查点：10 条" in output


def test_r6_an_empty_journal_verifies():
    assert run_verify()[0]


def test_r6_a_changed_payload_is_named(sealed, attacker):
    attacker("UPDATE ledger_journalentry SET body = REPLACE(body, '张伟3', '李四3'), "
             "payload = REPLACE(payload, '张伟3', '李四3') WHERE sequence = 3")
    ok, output, error = run_verify()
    assert not ok
    assert "第 3 条日志" in error and "叶哈希不符" in error
    assert "第 0 至 5 条之间" in output  # and the first signed checkpoint no longer matches


def test_r6_a_deleted_entry_is_named(sealed, attacker):
    attacker("DELETE FROM ledger_journalentry WHERE sequence = 4")
    ok, output, error = run_verify()
    assert not ok and "缺少第 4 条日志" in error


def test_r6_deleting_the_newest_entries_is_caught_by_the_signed_checkpoint(sealed, attacker):
    attacker("DELETE FROM ledger_journalentry WHERE sequence >= 8")
    ok, output, error = run_verify()
    assert not ok and "第 8 条及以后的日志缺失" in output


def test_r6_two_entries_swapped_by_their_sequence_numbers_are_named(sealed, attacker):
    attacker("UPDATE ledger_journalentry SET sequence = -1 WHERE sequence = 2")
    attacker("UPDATE ledger_journalentry SET sequence = 2 WHERE sequence = 7")
    attacker("UPDATE ledger_journalentry SET sequence = 7 WHERE sequence = -1")
    ok, output, error = run_verify()
    assert not ok and "第 2 条日志" in error


def test_r6_two_entries_swapped_with_all_their_contents_are_named(sealed, attacker):
    from zhifa.ledger.models import JournalEntry

    first, second = JournalEntry.objects.get(sequence=2), JournalEntry.objects.get(sequence=7)
    for target, source in ((first, second), (second, first)):
        attacker("UPDATE ledger_journalentry SET body = %s, payload = %s, subject_id = %s, leaf_hash = %s "
                 "WHERE sequence = %s",
                 [source.body, source.payload, source.subject_id, bytes(source.leaf_hash), target.sequence])
    ok, output, error = run_verify()
    assert not ok and "第 2 条日志" in error


def test_r6_a_changed_search_column_is_named(sealed, attacker):
    attacker("UPDATE ledger_journalentry SET kind = 'person.deleted' WHERE sequence = 5")
    ok, output, error = run_verify()
    assert not ok and "第 5 条日志的检索字段" in error


def test_r6_a_rewrite_with_recomputed_hashes_is_caught_by_the_tree_and_the_signature(sealed, attacker):
    """The attacker edits entry 3 and recomputes its leaf hash; the stored tree and the signed root still tell."""
    from zhifa.ledger.models import JournalEntry

    entry = JournalEntry.objects.get(sequence=3)
    body = entry.body.replace("张伟3", "李四3")
    attacker("UPDATE ledger_journalentry SET body = %s, payload = REPLACE(payload, '张伟3', '李四3'), "
             "leaf_hash = %s WHERE sequence = 3", [body, merkle.leaf_hash(body.encode())])
    ok, output, error = run_verify()
    assert not ok
    assert "覆盖第 2 至 3 条" in output  # the level-1 subtree over entries 2 and 3
    assert "第 0 至 5 条之间有日志被改动" in output


def test_r6_a_forged_checkpoint_is_refused(sealed, attacker):
    attacker("UPDATE ledger_checkpoint SET note = REPLACE(note, '\n10\n', '\n11\n') WHERE tree_size = 10")
    ok, output, error = run_verify()
    assert not ok and "签名验证失败" in output


def test_r6_an_altered_blob_on_disk_is_named(sealed):
    path = blobs.path_of(sealed[1])
    path.chmod(0o644)
    path.write_bytes("现场检查笔录（改）".encode())
    ok, output, error = run_verify()
    assert not ok and sealed[1] in error and "内容已改变" in error
    assert run_verify("--no-blobs")[0]


def test_r6_dropped_triggers_alone_fail_verification(sealed, attacker):
    ok, output, error = run_verify()
    assert not ok and "触发器缺失" in error


def test_r6_checkpoints_signed_by_an_untrusted_key_do_not_count(sealed, ledger_dirs):
    for vkey in (ledger_dirs / "keys" / "ledger").glob("*.vkey"):
        vkey.unlink()
    ok, output, error = run_verify()
    assert not ok and "没有受信任公钥的有效签名" in output


def test_r6_the_report_records_where_time_went(sealed):
    report = verify_database()
    assert report.ok and set(report.timings) == {"entries", "tree", "blobs"}


def test_r6_a_deleted_tree_node_is_named(sealed, attacker):
    attacker('DELETE FROM ledger_treenode WHERE level = 2 AND "index" = 1')
    ok, output, error = run_verify()
    assert not ok and "树节点（第 2 层第 1 个，覆盖第 4 至 7 条）缺失" in error


def test_r6_a_tampered_tree_head_is_reported(sealed):
    from zhifa.ledger.models import TreeHead

    TreeHead.objects.update(size=9)
    ok, output, error = run_verify()
    assert not ok and "树头状态" in error


COPY_ENTRY = ("INSERT INTO ledger_journalentry (sequence, recorded_at, actor_id, agency_id, subject_type, subject_id, "
              "kind, payload, body, leaf_hash) SELECT %s, recorded_at, actor_id, agency_id, subject_type, subject_id, "
              "kind, payload, body, leaf_hash FROM ledger_journalentry WHERE sequence = 0")


def test_r6_an_entry_slipped_in_outside_the_sequence_is_reported(sealed):
    sql(COPY_ENTRY, [-5])  # INSERT is allowed: the attacker needs no dropped trigger for this
    ok, output, error = run_verify()
    assert not ok and "序号为负（-5）" in output


def test_r6_a_forged_huge_sequence_number_is_reported_without_scanning_the_gap(sealed):
    sql(COPY_ENTRY, [10**15])
    ok, output, error = run_verify()
    assert not ok and f"下一条现为第 {10**15} 条" in output


def test_r6_an_entry_slipped_in_after_the_last_one_is_reported(sealed):
    sql(COPY_ENTRY, [10])
    ok, output, error = run_verify()
    assert not ok and "第 10 条日志" in output and "树头状态" in output
