"""The warning-rule registry (I5): one small function per rule, registered by name.

A rule looks at the records and yields a :class:`Finding` for every subject that needs a warning
now — yellow before a deadline (within the rule's lead time), red once it has passed or when a
condition is breached. It never writes: :mod:`zhifa.supervision.scan` turns findings into warning
rows, clears the ones no longer found, escalates and notifies. A new rule is one function::

    @rule("disclosure_deadline", name="执法决定公示期限", basis="...", subject="disclosure",
          responsible="publishers", lead_days=2, description="...")
    def disclosure_deadline(ctx):
        for ...:
            level = ctx.level("disclosure_deadline", due_on)
            if level:
                yield Finding(...)
"""

import datetime
from dataclasses import dataclass
from functools import lru_cache

from zhifa.core import calendar

from ..models import Level

SUBJECTS = ("case", "person", "agency", "rule_list", "rectification", "disclosure", "inspection")
RESPONSIBLE = ("officers", "person", "reviewers", "list_keepers", "agency_heads", "publishers")


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    basis: str
    subject: str
    responsible: str
    lead_days: int
    description: str
    evaluate: object
    lead_unit: str = "working"  # "working" or "calendar" days
    uses_grace: bool = False  # no statutory deadline: the breach must be put right within the grace period
    order: int = 0

    @property
    def lead_label(self) -> str:
        unit = "个工作日" if self.lead_unit == "working" else "日"
        return f"{self.lead_days}{unit}"


REGISTRY: dict[str, Rule] = {}


def rule(code: str, *, name: str, basis: str, subject: str, responsible: str, lead_days: int, description: str,
         lead_unit: str = "working", uses_grace: bool = False):
    """Register ``function(ctx) -> Iterable[Finding]`` as the rule ``code``."""
    if subject not in SUBJECTS or responsible not in RESPONSIBLE or lead_unit not in ("working", "calendar"):
        raise ValueError(f"预警规则{code}的对象、责任人或天数单位不正确")

    def decorator(function):
        if code in REGISTRY and REGISTRY[code].evaluate is not function:
            raise ValueError(f"预警规则{code}已注册")
        REGISTRY[code] = Rule(code, name, basis, subject, responsible, lead_days, description, function, lead_unit,
                              uses_grace, order=len(REGISTRY))
        return function

    return decorator


# The order rules are listed in (pages, statistics): the life of a case, then people, lists, supervision.
ORDER = ("filing_decision", "officers", "av_24h", "review_time_limit", "statement_period", "hearing_notice",
         "case_duration", "delivery", "stage_deadline", "archive", "certificate_expiry", "training", "reviewer_ratio",
         "disclosure_deadline", "withdrawal", "annual_report", "stale_list", "rectification")


def rules() -> list[Rule]:
    return sorted(REGISTRY.values(), key=lambda r: (ORDER.index(r.code) if r.code in ORDER else len(ORDER), r.order))


def get(code: str) -> Rule | None:
    return REGISTRY.get(code)


@dataclass
class Finding:
    """A subject that needs a warning now; ``key`` de-duplicates it while the warning stays open."""

    rule: str
    subject_type: str
    subject_id: int | str
    agency_id: int
    level: str
    title: str
    message: str
    due_on: datetime.date | None = None
    due_at: datetime.datetime | None = None
    due_confirmed: bool = True
    case_id: int | None = None
    person_id: int | None = None
    department_id: int | None = None
    responsible_people: tuple = ()  # person ids told first (handling officers, the certificate holder)
    responsible_users: tuple = ()  # user ids told first (an assigned reviewer)
    suffix: str = ""

    @property
    def key(self) -> str:
        base = f"{self.rule}:{self.subject_type}:{self.subject_id}"
        return f"{base}:{self.suffix}" if self.suffix else base


@dataclass(frozen=True)
class Setting:
    """A rule's effective setting: the jurisdiction's row over the rule's defaults."""

    enabled: bool
    lead_days: int
    grace_days: int
    to_agency_head_after: int
    to_supervisor_after: int
    email: bool


def default_setting(r: Rule) -> Setting:
    return Setting(True, r.lead_days, 30, 3, 10, True)


def effective_settings() -> dict[str, Setting]:
    from ..models import RuleSetting

    found = {s.rule: s for s in RuleSetting.objects.all()}
    out = {}
    for r in rules():
        row = found.get(r.code)
        out[r.code] = default_setting(r) if row is None else Setting(
            row.enabled, row.lead_days, row.grace_days, row.to_agency_head_after, row.to_supervisor_after, row.email)
    return out


@lru_cache(maxsize=4096)
def _working_days_between(start: datetime.date, end: datetime.date) -> int:
    return calendar.working_days_between(start, end)


@lru_cache(maxsize=4096)
def _add_working_days(start: datetime.date, n: int):
    return calendar.add_working_days(start, n)


@lru_cache(maxsize=4096)
def _add_calendar_days(start: datetime.date, n: int):
    return calendar.add_calendar_days(start, n)


def clear_caches():
    """The calendar can change (an administrator adds a year): forget memoised day counts."""
    for cached in (_working_days_between, _add_working_days, _add_calendar_days):
        cached.cache_clear()


def add_days(start: datetime.date, n: int, unit: str):
    """End of a period of ``n`` working or calendar days from ``start`` (PL Art. 85; see core.calendar)."""
    if n < 1:
        return calendar.CalendarDate(start, calendar.is_confirmed(start))
    return _add_working_days(start, n) if unit == "working" else _add_calendar_days(start, n)


def subtract_working_days(end: datetime.date, n: int) -> datetime.date:
    """The day ``n`` working days before ``end``: the last day to act when ``end`` needs ``n`` clear working days."""
    day, counted = end, 0
    while counted < n:
        day -= datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            counted += 1
    return day


class Context:
    """What one scan knows: the day, the settings, which subjects to look at, and shared caches."""

    def __init__(self, *, today: datetime.date, now: datetime.datetime, subjects: dict | None = None,
                 settings: dict | None = None, since: dict | None = None):
        self.today = today
        self.now = now
        self.subjects = subjects  # None: everything; else {"case": {ids}, "person": {...}, ...}
        self.settings = settings if settings is not None else effective_settings()
        self.since = since or {}  # key -> date the open warning was first raised (grace periods)
        self.cache: dict = {}

    def wants(self, kind: str) -> set | None:
        """The ids of ``kind`` to look at; ``None`` for all; an empty set when this recheck is about something else."""
        if self.subjects is None:
            return None
        return set(self.subjects.get(kind, ()))

    def skip(self, kind: str) -> bool:
        wanted = self.wants(kind)
        return wanted is not None and not wanted

    def remaining(self, due: datetime.date, unit: str = "working") -> int:
        if unit == "working":
            return _working_days_between(self.today, due)
        return (due - self.today).days

    def remaining_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after ``start`` up to and including ``end``."""
        return _working_days_between(start, end)

    def overdue_working_days(self, due: datetime.date) -> int:
        return _working_days_between(due, self.today)

    def level(self, code: str, due: datetime.date) -> str | None:
        """Red once ``due`` has passed, yellow within the lead time before it, else nothing."""
        if self.today > due:
            return Level.RED
        r = REGISTRY[code]
        return Level.YELLOW if self.remaining(due, r.lead_unit) <= self.settings[code].lead_days else None

    def grace_due(self, code: str, key: str) -> datetime.date:
        """For a breach without a statutory period: the end of the rectification period from its discovery."""
        found = self.since.get(key, self.today)
        return found + datetime.timedelta(days=self.settings[code].grace_days)
