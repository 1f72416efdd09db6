"""``zhifa verify`` against the database: recompute everything the journal claims, name the first break.

One pass over the entries in sequence order checks, for each entry, that its sequence number is
the next one (nothing deleted or reordered), that its body re-hashes to its stored leaf hash
(nothing changed), and that every search column (actor, agency, subject, kind, time, payload)
still says what the body says. The leaf hashes rebuild the tree chunk by chunk; every stored
subtree hash is compared with the rebuilt one, every signed checkpoint's root with the rebuilt
root at its size, and the tree head with the rebuilt frontier. Then every blob is re-hashed.
"""

from __future__ import annotations

import hashlib
from json.encoder import encode_basestring as _quote

from django.db import connection

from . import blobs, keys, merkle, triggers
from .models import Checkpoint, JournalEntry, TreeHead, TreeNode
from .report import Report, compare_roots, open_checkpoints

CHUNK_BITS = 16
# recorded_at is read as UTC text "YYYY-MM-DD HH:MM:SS[.ffffff]", the same on both databases and
# far cheaper than a datetime per row.
_TIME_AS_TEXT = {
    "sqlite": "CAST(recorded_at AS TEXT)",
    "postgresql": "to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')",
}


def _entry_columns() -> str:
    time = _TIME_AS_TEXT[connection.vendor]
    return f"sequence, actor_id, agency_id, kind, subject_type, subject_id, {time}, payload, body, leaf_hash"


def _time_text(value: str) -> str | None:
    """The entry-format time ("...T....mmmZ") of a UTC text time; None if it has sub-millisecond digits."""
    fraction = value[20:26] if len(value) > 19 else "000000"
    if fraction[3:] != "000":
        return None
    return f"{value[:10]}T{value[11:19]}.{fraction[:3]}Z"


def _columns_agree(row) -> bool:
    """Does the body say exactly what the search columns say? (Rebuilt from the columns, byte for byte.)"""
    sequence, actor, agency, kind, subject_type, subject_id, recorded_at, payload, body = row[:9]
    head = f'{{"actor":{"null" if actor is None else actor},"actor_name":'
    if not body.startswith(head):
        return False
    name_end = body.find(',"agency":', len(head))
    time = _time_text(recorded_at)
    if name_end < 0 or time is None:
        return False
    expected = (
        f'{head}{body[len(head):name_end]},"agency":{"null" if agency is None else agency},"kind":{_quote(kind)},'
        f'"payload":{payload},"seq":{sequence},"subject":{{"id":{_quote(subject_id)},"type":{_quote(subject_type)}}},'
        f'"time":"{time}"}}'
    )
    return expected == body


class _NodeCheck:
    """Compare rebuilt perfect subtrees with the stored ``TreeNode`` rows, chunk by chunk."""

    def __init__(self, report: Report):
        self.report = report
        self.stored: dict[int, bytes] = {}
        self.loaded = -1
        self.upper: dict[int, bytes] = {}
        self.compared = 0
        self.failed = False

    def load_chunk(self, chunk: int) -> None:
        if chunk == self.loaded:
            return
        self.loaded = chunk
        start, end = chunk << CHUNK_BITS, (chunk + 1) << CHUNK_BITS
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT position, hash FROM ledger_treenode WHERE position >= %s AND position < %s AND level <= %s",
                [2 * start, 2 * end, CHUNK_BITS],
            )
            self.stored = {p: bytes(h) for p, h in cursor.fetchall()}

    def load_upper(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT position, hash FROM ledger_treenode WHERE level > %s", [CHUNK_BITS])
            self.upper = {p: bytes(h) for p, h in cursor.fetchall()}

    def __call__(self, level: int, first: int, hashes: list[bytes]) -> None:
        if level <= CHUNK_BITS:
            self.load_chunk((first << level) >> CHUNK_BITS)
            source = self.stored
        else:
            source = self.upper
        step, offset = 1 << (level + 1), (1 << level) - 1
        positions = range((first << (level + 1)) + offset, ((first + len(hashes)) << (level + 1)) + offset, step)
        stored = [source.get(p) for p in positions]
        self.compared += len(hashes)
        if self.failed or stored == hashes:
            return
        self.failed = True
        at = next(i for i in range(len(hashes)) if stored[i] != hashes[i])
        index = first + at
        self.report.fail(
            "tree_node",
            f"树节点（第 {level} 层第 {index} 个，覆盖第 {index << level} 至 {((index + 1) << level) - 1} 条）"
            + ("缺失" if stored[at] is None else "与重算结果不符：这些条目或其叶哈希被改动"),
            index << level,
        )


def _scan_entries(report: Report, builder: merkle.TreeBuilder, nodes: _NodeCheck) -> int:
    """Stream the entries; return how many there are."""
    chunk = 1 << CHUNK_BITS
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(sequence) FROM ledger_journalentry")
        first = cursor.fetchone()[0]
    if first is not None and first < 0:
        report.fail("sequence", f"存在序号为负（{first}）的日志条目：有人在日志之外插入了记录", first)
    position = 0
    sha256 = hashlib.sha256
    broken = {"sequence": False, "leaf": False, "columns": False}
    start = 0
    while True:  # keyset pagination: a forged huge sequence number cannot make this loop long
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {_entry_columns()} FROM ledger_journalentry WHERE sequence >= %s ORDER BY sequence LIMIT %s",
                [start, chunk],
            )
            rows = cursor.fetchall()
        if not rows:
            break
        start = rows[-1][0] + 1
        hashes = [sha256(b"\x00" + row[8].encode("utf-8")).digest() for row in rows]
        sequences = [row[0] for row in rows]
        if not broken["sequence"] and sequences != list(range(position, position + len(rows))):
            broken["sequence"] = True
            at = next(i for i, s in enumerate(sequences) if s != position + i)
            report.fail("sequence", f"缺少第 {position + at} 条日志（被删除，或序号被改动；下一条现为第 {sequences[at]} 条）",
                        position + at)
        stored = [bytes(row[9]) for row in rows]
        if not broken["leaf"] and hashes != stored:
            broken["leaf"] = True
            at = next(i for i in range(len(rows)) if hashes[i] != stored[i])
            report.fail("leaf", f"第 {position + at} 条日志（库内序号 {sequences[at]}）的内容与其叶哈希不符：内容被改动或与他条调换",
                        position + at)
        if not broken["columns"]:
            agree = [_columns_agree(row) for row in rows]
            if not all(agree):
                broken["columns"] = True
                at = agree.index(False)
                report.fail("columns", f"第 {sequences[at]} 条日志的检索字段（操作人、主体、对象、类型、时间或内容）"
                                       "与其已入树的条目内容不符：被改动", sequences[at])
        builder.extend(hashes)
        position += len(rows)
    return position


def verify_database(*, check_blobs: bool = True, extra_keys=()) -> Report:
    report = Report()
    trusted = keys.trusted_keys() + list(extra_keys)
    report.facts["受信任公钥"] = "；".join(k.vkey() for k in trusted) or "无"
    signed = [(f"检查点（{c.tree_size} 条，{c.issued_at:%Y-%m-%d %H:%M}）", c.note)
              for c in Checkpoint.objects.order_by("tree_size")]
    heads = open_checkpoints(signed, trusted, report)
    for checkpoint in Checkpoint.objects.order_by("tree_size"):
        if not checkpoint.note.startswith(f"{checkpoint.key_name}\n{checkpoint.tree_size}\n"):
            report.fail("checkpoint_columns", f"检查点 {checkpoint.tree_size} 的字段与其签名内容不符")
    nodes = _NodeCheck(report)
    nodes.load_upper()
    builder = merkle.TreeBuilder(roots_at=[h.size for h in heads], chunk_bits=CHUNK_BITS, on_nodes=nodes)
    count = _scan_entries(report, builder, nodes)
    root = builder.finish()
    report.lap("entries")
    report.facts["日志条数"] = count
    report.facts["重算根哈希"] = root.hex()
    compare_roots(heads, builder.roots, count, report)
    stored_nodes = TreeNode.objects.count()
    if stored_nodes != count - bin(count).count("1") and not report.first("tree_node"):
        report.fail("tree_node", f"树节点应有 {count - bin(count).count('1')} 个，库内有 {stored_nodes} 个")
    head = TreeHead.objects.filter(pk=1).first()
    if count and (head is None or head.size != count
                  or merkle.Frontier.from_bytes(head.size, bytes(head.frontier)).root() != root):
        report.fail("head", "树头状态（大小与前沿哈希）与重算结果不符")
    present = triggers.installed(connection)
    if len(present) < triggers.expected_count(connection.vendor):
        report.fail("triggers", "只追加保护触发器缺失（有人删除了数据库触发器）：请检查数据库操作记录并重新迁移")
    report.lap("tree")
    if check_blobs:
        checked = 0
        for count_so_far, problem in blobs.fixity():
            checked = count_so_far
            if problem is not None:
                report.fail("blob", f"存储文件 {problem.path}：{problem.message}")
                break
        report.facts["已复核存储文件"] = checked
        report.lap("blobs")
    if not JournalEntry.objects.exists() and not heads:
        report.notices.append("日志为空")
    return report
