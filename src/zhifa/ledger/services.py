"""The one entry point through which every service records what it changed, and checkpoint issuing (R6).

``append`` runs inside the caller's transaction, so an event exists exactly when the change it
records does. It locks the single ``TreeHead`` row (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite
transactions begin IMMEDIATE and so already serialise writers): sequence numbers are therefore
distinct and consecutive, and the tree grows by O(log n) work — the new leaf, the perfect subtrees
it completes, the new frontier — never by rebuilding.
"""

from django.db import connection, transaction
from django.utils import timezone

from . import keys, merkle, notes
from .canonical import canonicalize
from .entries import entry_body, truncate_to_ms
from .models import Checkpoint, JournalEntry, TreeHead, TreeNode

LIMITS = {"kind": 60, "subject_type": 50, "subject_id": 64}


class LedgerStateError(RuntimeError):
    """The tree head is missing or inconsistent: appending would fork the journal."""


def subject_of(obj) -> tuple[str, str]:
    return f"{obj._meta.app_label}.{obj._meta.model_name}", str(obj.pk)


def _select_head():
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT size, frontier FROM ledger_treehead WHERE id = 1{lock}")
        return cursor.fetchone()


def _locked_frontier() -> merkle.Frontier:
    """Lock the head row and read the frontier (plain SQL: every journalled change passes here).

    After ``flush`` the row is gone: it is created with INSERT … ON CONFLICT DO NOTHING, so
    concurrent first appends queue on it like any others. A head missing while entries exist
    means damage, and appending would fork the journal: refused.
    """
    row = _select_head()
    if row is None:
        TreeHead.objects.bulk_create([TreeHead(pk=1, size=0, frontier=b"")], ignore_conflicts=True)
        row = _select_head()
        if row[0] == 0 and JournalEntry.objects.exists():
            raise LedgerStateError("日志树头状态缺失而日志已有条目：请运行 zhifa verify 检查后再写入")
    return merkle.Frontier.from_bytes(row[0], bytes(row[1]))


def append(kind: str, subject, actor, agency, payload: dict) -> JournalEntry:
    """Append an event inside the caller's transaction; ``subject`` is a model instance or (type, id)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("日志条目必须在业务事务中写入")
    subject_type, subject_id = subject_of(subject) if hasattr(subject, "_meta") else subject
    subject_id = str(subject_id)
    for field, value in (("kind", kind), ("subject_type", subject_type), ("subject_id", subject_id)):
        if not value or len(value) > LIMITS[field]:
            raise ValueError(f"日志字段 {field} 不能为空且不超过 {LIMITS[field]} 个字符：{value[:80]!r}")
    if not isinstance(payload, dict):
        raise TypeError("日志内容（payload）必须是字典")
    frontier = _locked_frontier()
    recorded_at = truncate_to_ms(timezone.now())
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    actor_name = (actor.get_full_name() or actor.get_username()) if actor_id else ""
    agency_id = agency.pk if agency is not None else None
    body = entry_body(
        sequence=frontier.size, recorded_at=recorded_at, actor_id=actor_id, actor_name=actor_name,
        agency_id=agency_id, subject_type=subject_type, subject_id=subject_id, kind=kind, payload=payload,
    )
    leaf = merkle.leaf_hash(body)
    entry = JournalEntry.objects.create(
        sequence=frontier.size, recorded_at=recorded_at, actor_id=actor_id, agency_id=agency_id,
        subject_type=subject_type, subject_id=subject_id, kind=kind, payload=canonicalize(payload).decode("utf-8"),
        body=body.decode("utf-8"), leaf_hash=leaf,
    )
    completed = frontier.append(leaf)
    with connection.cursor() as cursor:
        if completed:
            cursor.executemany(
                'INSERT INTO ledger_treenode (position, level, "index", hash) VALUES (%s, %s, %s, %s)',
                [(TreeNode.position_of(level, index), level, index, h) for level, index, h in completed],
            )
        cursor.execute(
            "UPDATE ledger_treehead SET size = %s, frontier = %s, updated_at = %s WHERE id = 1",
            [frontier.size, frontier.to_bytes(), connection.ops.adapt_datetimefield_value(recorded_at)],
        )
    return entry


def issue_checkpoint() -> Checkpoint | None:
    """Sign the current tree head when the tree has grown since the last checkpoint; else None."""
    with transaction.atomic():
        frontier = _locked_frontier()
        latest = Checkpoint.objects.order_by("-tree_size").values_list("tree_size", flat=True).first()
        if frontier.size == 0 or (latest is not None and latest >= frontier.size):
            return None
        key = keys.signing_key()
        root = frontier.root()
        note = notes.sign_note(notes.Checkpoint(key.name, frontier.size, root).text(), [key])
        return Checkpoint.objects.create(
            tree_size=frontier.size, root_hash=root, issued_at=timezone.now(), algorithm=key.algorithm,
            key_name=key.name, key_id=key.public_key.key_id.hex(), note=note,
        )
