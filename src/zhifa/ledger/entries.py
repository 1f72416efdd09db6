"""The bytes of a journal entry — the Merkle leaf — built from its fields. Pure, no database.

An entry is the RFC 8785 canonical JSON of::

    {"actor": <user id or null>, "actor_name": <name at the time, "" if none>,
     "agency": <agency id or null>, "kind": <event kind>, "payload": <object>,
     "seq": <sequence number from 0>, "subject": {"id": <text>, "type": <app.model>},
     "time": <UTC, RFC 3339, milliseconds, e.g. "2026-11-21T15:56:00.123Z">}

Canonical JSON never contains a raw newline, so an export writes one entry per line, exactly
these bytes.
"""

import datetime

from .canonical import canonicalize

UTC = datetime.UTC


def truncate_to_ms(moment: datetime.datetime) -> datetime.datetime:
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def time_text(moment: datetime.datetime) -> str:
    moment = moment.astimezone(UTC)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"


def entry_body(*, sequence, recorded_at, actor_id, actor_name, agency_id, subject_type, subject_id, kind,
               payload) -> bytes:
    return canonicalize({
        "actor": actor_id,
        "actor_name": actor_name,
        "agency": agency_id,
        "kind": kind,
        "payload": payload,
        "seq": sequence,
        "subject": {"id": str(subject_id), "type": subject_type},
        "time": time_text(recorded_at),
    })
