"""Procedure deadlines as the warnings see them: where each period runs and when it ends.

A stage's ``deadline`` in the procedure definition (rules as data) counts from the day the case
entered the ``from`` stage. The cases engine stores it on the stage visit when the case *enters*
the stage; a supervisor needs it earlier — the decision period runs from filing, through
investigation and review, until the decision. So for each deadline this module finds the stages
in which it runs (reachable from ``from`` without passing the stage it is about) and computes the
due date the way the engine does: working or calendar days on the working-day calendar (PL Art.
85), the decision period grown by approved extensions, and moved on by the days a case was
suspended (中止期间不计入).
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from . import base

# Entering these stages is the act the period asks for (the engine records the decision on entering
# "decision"; the archive stage is final). For every other stage the period ends when the case leaves it.
DONE_ON_ENTRY = frozenset({"decision"})


@dataclass(frozen=True)
class ProcedureDeadline:
    target: str  # the stage whose definition carries the deadline
    target_name: str
    start: str  # the stage it counts from
    days: int
    unit: str
    label: str
    basis: str
    running: frozenset  # stages in which the period runs
    done_on_entry: bool


def analyse(definition: dict) -> list[ProcedureDeadline]:
    stages = {s["code"]: s for s in definition.get("stages", [])}
    outgoing: dict[str, list[str]] = {}
    for t in definition.get("transitions", []):
        outgoing.setdefault(t.get("from"), []).append(t.get("to"))
    found = []
    for code, stage in stages.items():
        rule = stage.get("deadline")
        if not rule:
            continue
        start = rule.get("from", code)
        done_on_entry = bool(stage.get("final")) or code in DONE_ON_ENTRY
        running, queue = set(), [start]
        while queue:
            node = queue.pop()
            if node in running or node not in stages:
                continue
            if node == code and done_on_entry:
                continue
            if stages[node].get("final"):
                continue
            running.add(node)
            if node != code:
                queue.extend(outgoing.get(node, []))
        found.append(ProcedureDeadline(code, stage.get("name", code), start, int(rule["days"]), rule.get("unit", "calendar"),
                                       rule.get("label", ""), rule.get("basis", ""), frozenset(running), done_on_entry))
    return found


def paused_days(suspensions: list, since: datetime.datetime) -> int:
    """Days a case stood suspended after ``since``: approved 中止 … 恢复 pairs, in the order decided."""
    total, started = 0, None
    for kind, decided_at in sorted(suspensions, key=lambda s: s[1]):
        if kind == "suspend" and decided_at >= since:
            started = decided_at
        elif kind == "resume" and started is not None:
            total += max(0, (timezone.localdate(decided_at) - timezone.localdate(started)).days)
            started = None
    return total


def due_date(deadline: ProcedureDeadline, case, visits: list, suspensions: list):
    """``(due, confirmed)`` of ``deadline`` for ``case`` (a :class:`~.data.CaseRow`), or ``None`` when not running."""
    if case.stage not in deadline.running:
        return None
    open_visit = next((v for v in visits if v.left_at is None), None)
    if (case.stage == deadline.target == deadline.start and open_visit is not None and open_visit.due_on is not None):
        return open_visit.due_on, open_visit.due_confirmed  # the stored date already holds the engine's shifts
    started = [v for v in visits if v.stage == deadline.start]
    if not started:
        return None
    entered_at = started[-1].entered_at
    days = deadline.days + (case.decision_extension_days if deadline.start == "filing" else 0)
    due = base.add_days(timezone.localdate(entered_at), days, deadline.unit)
    confirmed = getattr(due, "confirmed", True)
    paused = paused_days(suspensions, entered_at)
    if paused:
        due = base.add_days(due, paused, "calendar")
        confirmed = confirmed and getattr(due, "confirmed", True)
    return datetime.date(due.year, due.month, due.day), confirmed
