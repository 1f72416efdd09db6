"""Archive rules (R5): the 30-day archive deadline, the retention period and the volume count.

The deadline itself is data: the procedure's ``archive`` stage says ``30 calendar days from
closure`` and the cases engine computes it (``engine.deadline_for``), so a jurisdiction that
changes the period changes the JSON, not this module. Here it is only read and judged.
"""

import datetime
import math
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from zhifa.cases import engine

ARCHIVE_STAGE = "archive"
CLOSURE_STAGE = "closure"

# 《机关文件材料归档范围和文书档案保管期限规定》（国家档案局令第8号）: 永久, 定期30年, 定期10年.
PERMANENT = "永久"
LONG = "定期30年"
# A major decision (legal review, collective discussion, hearing) is kept permanently; the rest 30 years.
MAJOR_STAGES = frozenset({"hearing", "collective", "legal_review"})


def _config(name, default):
    return getattr(settings, "ZHIFA", {}).get(name, default)


def retention_period(case) -> str:
    """保管期限: permanent for major decisions (PL Art. 58 circumstances, hearing, collective discussion)."""
    if case.circumstances or case.visits.filter(stage__in=MAJOR_STAGES).exists():
        return PERMANENT
    return LONG


def volume_count(pages: int) -> int:
    """卷数: a volume holds at most ``CASEFILE_VOLUME_PAGES`` numbered pages (200 by default)."""
    per_volume = max(1, int(_config("CASEFILE_VOLUME_PAGES", 200)))
    return max(1, math.ceil(pages / per_volume))


@dataclass(frozen=True)
class ArchiveDeadline:
    """The archive deadline of a closed (or archived) case and how it stands."""

    due_on: datetime.date
    label: str
    confirmed: bool  # False when the working-day calendar of that year is not yet known
    archived_on: datetime.date | None

    @property
    def overdue(self) -> bool:
        """Archived after the deadline, or still not archived once it has passed."""
        if self.archived_on is not None:
            return self.archived_on > self.due_on
        return timezone.localdate() > self.due_on

    @property
    def days_left(self) -> int | None:
        if self.archived_on is not None:
            return None
        return (self.due_on - timezone.localdate()).days

    @property
    def status_label(self) -> str:
        if self.archived_on is not None:
            return "逾期归档" if self.overdue else "按期归档"
        if self.overdue:
            return f"已超期{-self.days_left}天"
        return f"剩余{self.days_left}天"


def has_archive_stage(case) -> bool:
    return any(s.get("code") == ARCHIVE_STAGE for s in engine.definition(case).get("stages", []))


def archive_deadline(case, visits=None) -> ArchiveDeadline | None:
    """The deadline from closure, as the engine computes it; None before closure or without an archive stage.

    ``visits`` (the case's stage visits in order, when already fetched) saves the lookups.
    """
    if not has_archive_stage(case):
        return None
    if visits is None:
        visits = list(case.visits.filter(stage__in=(ARCHIVE_STAGE, CLOSURE_STAGE)).order_by("entered_at", "pk"))
    archived = next((v for v in reversed(visits) if v.stage == ARCHIVE_STAGE), None)
    if archived is not None and archived.due_on is not None:
        return ArchiveDeadline(archived.due_on, archived.due_label, archived.due_confirmed,
                               timezone.localdate(archived.entered_at))
    if not any(v.stage == CLOSURE_STAGE for v in visits):
        return None
    due, label, confirmed = engine.deadline_for(case, ARCHIVE_STAGE, timezone.localdate())
    if due is None:
        return None
    archived_on = timezone.localdate(case.archived_at) if case.archived_at else None
    return ArchiveDeadline(due, label, confirmed, archived_on)
