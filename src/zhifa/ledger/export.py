"""``zhifa ledger export``: entries and checkpoints as JSON Lines for the offline verifier."""

from django.db import connection
from django.utils import timezone

from . import keys
from .canonical import canonicalize
from .entries import time_text
from .models import Checkpoint, TreeHead
from .offline import FORMAT

CHUNK = 1 << 16


def export(handle) -> dict:
    """Write the journal up to the current tree size to the binary ``handle``; return the header."""
    head = TreeHead.objects.filter(pk=1).first()
    size = head.size if head else 0
    checkpoints = list(Checkpoint.objects.filter(tree_size__lte=size).order_by("tree_size"))
    signer = keys.load_signing_key()
    header = {
        "checkpoints": len(checkpoints),
        "entries": size,
        "exported_at": time_text(timezone.now()),
        "format": FORMAT,
        "keys": [k.vkey() for k in keys.trusted_keys()],
        "origin": signer.name if signer else (checkpoints[-1].key_name if checkpoints else keys.default_origin()),
    }
    handle.write(canonicalize(header) + b"\n")
    for checkpoint in checkpoints:
        handle.write(canonicalize({"note": checkpoint.note, "tree_size": checkpoint.tree_size}) + b"\n")
    for start in range(0, size, CHUNK):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT body FROM ledger_journalentry WHERE sequence >= %s AND sequence < %s ORDER BY sequence",
                [start, min(start + CHUNK, size)],
            )
            handle.write(b"".join(row[0].encode("utf-8") + b"\n" for row in cursor.fetchall()))
    return header
