"""The procedure engine: reads a case's pinned procedure definition and judges its transitions (R2).

The definition is data (:mod:`zhifa.catalog.procedures`); this module only interprets it —
which transitions leave the current stage, what each guard says about this case, and when the
stage's deadline falls on the working-day calendar. State changes are in :mod:`.services`.
"""

import datetime
from dataclasses import dataclass, field

from zhifa.catalog import guards
from zhifa.catalog.procedures import stage as stage_of
from zhifa.core import calendar


@dataclass
class Check:
    """The verdict on one transition: ``missing`` names every unmet condition, in Chinese."""

    transition: dict
    to_name: str = ""
    missing: list[str] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return not self.missing

    @property
    def to(self) -> str:
        return self.transition["to"]

    @property
    def name(self) -> str:
        return self.transition.get("name") or self.to


def definition(case) -> dict:
    return case.procedure.definition


def stage(case, code: str | None = None) -> dict:
    return stage_of(definition(case), code or case.stage) or {"code": code or case.stage, "name": code or case.stage}


def outgoing(case) -> list[dict]:
    return [t for t in definition(case).get("transitions", []) if t.get("from") == case.stage]


def find_transition(case, to: str) -> dict | None:
    return next((t for t in outgoing(case) if t.get("to") == to), None)


DECISION_STAGES = frozenset({"decision"})


def guard_names(transition: dict) -> list[str]:
    """The transition's guards, plus two that the lists decide rather than the procedure.

    The legal-review gate on every way into a decision (PL Art. 58) passes by itself when the
    decision is not major, so a procedure that routes a major case around its review stage still
    cannot reach the decision without review. ``av_attached`` on every way out of a stage passes by
    itself unless the agency's AV-required list marks the stage "required" (R3, R4): the list, not
    the procedure, says where full recording is due.
    """
    names = list(transition.get("guards", []))
    if transition.get("to") in DECISION_STAGES and "legal_review_passed" not in names:
        names.append("legal_review_passed")
    if "av_attached" not in names:
        names.append("av_attached")  # passes by itself unless the AV-required list says "required" (R3, R4)
    return names


def check(case, transition: dict, **context) -> Check:
    """Evaluate every guard of ``transition``; each guard answers ``(ok, reason)``."""
    verdict = Check(transition, to_name=stage(case, transition["to"])["name"])
    for name in guard_names(transition):
        ok, reason = guards.evaluate(name, case, transition=transition, **context)
        if not ok:
            verdict.missing.append(f"{guards.label(name)}：{reason}")
    return verdict


def checks(case, **context) -> list[Check]:
    return [check(case, t, **context) for t in outgoing(case)]


def _local_date(instant) -> datetime.date:
    from django.utils import timezone

    return timezone.localdate(instant)


def deadline_for(case, stage_code: str, entered_on: datetime.date) -> tuple[datetime.date | None, str, bool]:
    """Due date, its label and whether the calendar confirmed it, for a case entering ``stage_code``.

    PL Art. 85: periods of a few days are working days, longer ones calendar days, and a calendar
    period that ends on a rest day ends on the next working day. The decision period (from filing)
    grows by any approved extension. The lead's own period (whether to file) runs from the day the
    lead came to the agency, which the officer may register later.
    """
    rule = stage(case, stage_code).get("deadline")
    if not rule:
        return None, "", True
    start_code = rule.get("from", stage_code)
    if start_code == stage_code:
        start = entered_on
        if stage_code == case.procedure.definition.get("start") and case.lead_id:
            start = min(start, case.lead.received_on)
    else:
        visit = case.visits.filter(stage=start_code).order_by("-entered_at", "-pk").first()
        if visit is None:
            return None, "", True
        start = _local_date(visit.entered_at)
    days = rule["days"]
    if start_code == "filing":
        days += case.decision_extension_days
    if rule.get("unit") == "working":
        due = calendar.add_working_days(start, days)
    else:
        due = calendar.add_calendar_days(start, days)
    return due, rule.get("label", ""), getattr(due, "confirmed", True)
