"""Reproducible random draws (案卷评查 R7, 双随机 P17): a recorded seed, a named stream, a digest.

A draw is only as trustworthy as it is repeatable. Whoever holds the seed and the candidate lists
can recompute it: :func:`stream` derives an independent ``random.Random`` for each part of a draw
(``stream(seed, "targets")``, ``stream(seed, "inspectors", target_id)``) from the text
``"<seed>:<part>:<part>…"``, and :func:`digest` fingerprints the candidates and picks as SHA-256
of canonical JSON (sorted keys, no spaces), which is journalled beside the seed.
"""

import hashlib
import json
import random
import secrets

MAX_SEED_LENGTH = 64


def new_seed() -> str:
    """A fresh seed: 128 random bits as 32 hex digits (``secrets``, not ``random``)."""
    return secrets.token_hex(16)


def seed_or_new(seed) -> str:
    """The given seed, trimmed, or a new one when none was given."""
    return str(seed or "").strip() or new_seed()


def seed_error(seed: str) -> str | None:
    """Why ``seed`` cannot be recorded, in Chinese naming the field, or None."""
    if len(seed) > MAX_SEED_LENGTH:
        return f"随机种子（seed）不超过{MAX_SEED_LENGTH}个字符"
    if any(ord(c) < 32 for c in seed):
        return "随机种子（seed）不能含有控制字符"
    return None


def stream(seed: str, *parts) -> random.Random:
    """The generator of one part of a draw: seeded with ``"<seed>:<part>…"`` (stable across Python versions)."""
    return random.Random(":".join([seed, *map(str, parts)]))


def digest(data) -> str:
    """SHA-256 (hex) of ``data`` as canonical JSON: sorted keys, no spaces, UTF-8."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
