"""The one entry point through which every service records what it changed (R6)."""

import hashlib

from django.db import transaction
from django.utils import timezone

from .canonical import canonicalize
from .models import JournalEntry


def entry_bytes(*, sequence, recorded_at, actor_id, agency_id, subject_type, subject_id, kind, payload) -> bytes:
    """The exact bytes a leaf commits to: the canonical JSON of the entry's fields."""
    return canonicalize(
        {
            "seq": sequence,
            "time": recorded_at.isoformat(),
            "actor": actor_id,
            "agency": agency_id,
            "subject": {"type": subject_type, "id": str(subject_id)},
            "kind": kind,
            "payload": payload,
        }
    )


def subject_of(obj) -> tuple[str, str]:
    return f"{obj._meta.app_label}.{obj._meta.model_name}", str(obj.pk)


def append(kind: str, subject, actor, agency, payload: dict) -> JournalEntry:
    """Append an event inside the caller's transaction; ``subject`` is a model instance or (type, id)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("日志条目必须在业务事务中写入")
    subject_type, subject_id = subject_of(subject) if hasattr(subject, "_meta") else subject
    last = JournalEntry.objects.select_for_update().order_by("-sequence").values_list("sequence", flat=True).first()
    sequence = (last if last is not None else -1) + 1
    recorded_at = timezone.now().replace(microsecond=(timezone.now().microsecond // 1000) * 1000)
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    agency_id = agency.pk if agency is not None else None
    data = entry_bytes(
        sequence=sequence,
        recorded_at=recorded_at,
        actor_id=actor_id,
        agency_id=agency_id,
        subject_type=subject_type,
        subject_id=subject_id,
        kind=kind,
        payload=payload,
    )
    return JournalEntry.objects.create(
        sequence=sequence,
        recorded_at=recorded_at,
        actor_id=actor_id,
        actor_name=(actor.get_full_name() or actor.username) if actor_id else "",
        agency_id=agency_id,
        subject_type=subject_type,
        subject_id=str(subject_id),
        kind=kind,
        payload=canonicalize(payload).decode("utf-8"),
        leaf_hash=hashlib.sha256(b"\x00" + data).digest(),
    )

