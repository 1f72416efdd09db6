"""The case data the case rules read, loaded once per scan in a handful of set-based queries.

A full scan looks at every live case of the installation (a province: a million cases, tens of
thousands open), so nothing here runs a query per case: each part is one query over the cases in
question, grouped by case in Python, and only loaded when a rule asks for it.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Q
from django.utils import timezone

from zhifa.cases.models import Case, CaseEvent, CaseOfficer, HeadDecision, StageVisit, Suspension
from zhifa.catalog.models import Procedure

from . import deadlines

LIVE = (Case.Status.OPEN, Case.Status.CLOSED)


@dataclass(frozen=True)
class CaseRow:
    pk: int
    agency_id: int
    department_id: int | None
    procedure_id: int
    procedure_code: str
    stage: str
    status: str
    number: str
    lead_number: str | None
    title: str
    filed_on: datetime.date | None
    decided_on: datetime.date | None
    closed_on: datetime.date | None
    decision_extension_days: int
    stage_entered_at: datetime.datetime

    @property
    def display_number(self) -> str:
        return self.number or self.lead_number or f"案件{self.pk}"


@dataclass(frozen=True)
class VisitRow:
    stage: str
    entered_at: datetime.datetime
    left_at: datetime.datetime | None
    due_on: datetime.date | None
    due_confirmed: bool


CASE_FIELDS = ("pk", "agency_id", "department_id", "procedure_id", "procedure_code", "stage", "status", "number",
               "lead__number", "title", "filed_on", "decided_on", "closed_on", "decision_extension_days",
               "stage_entered_at")


class CaseData:
    """Open and closed (not yet archived) cases, or just those a recheck names, with their parts."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.wanted = ctx.wants("case")

    def _cases_q(self) -> Q:
        q = Q(status__in=LIVE)
        if self.wanted is not None:
            q &= Q(pk__in=self.wanted)
        return q

    def _related_q(self, path: str = "case") -> Q:
        """The same cases seen from a related table: a join for a full scan, an id list for a recheck."""
        if self.wanted is not None:
            return Q(**{f"{path}_id__in": self.wanted}) & Q(**{f"{path}__status__in": LIVE})
        return Q(**{f"{path}__status__in": LIVE})

    @cached_property
    def cases(self) -> list[CaseRow]:
        if self.wanted is not None and not self.wanted:
            return []
        rows = Case.objects.filter(self._cases_q()).values_list(*CASE_FIELDS)
        return [CaseRow(*row) for row in rows]

    def open_cases(self) -> list[CaseRow]:
        return [c for c in self.cases if c.status == Case.Status.OPEN]

    @cached_property
    def visits(self) -> dict[int, list[VisitRow]]:
        grouped = defaultdict(list)
        if not self.cases:
            return grouped
        rows = (StageVisit.objects.filter(self._related_q()).order_by("case_id", "entered_at", "pk")
                .values_list("case_id", "stage", "entered_at", "left_at", "due_on", "due_confirmed"))
        for case_id, *rest in rows:
            grouped[case_id].append(VisitRow(*rest))
        return grouped

    @cached_property
    def suspensions(self) -> dict[int, list[tuple]]:
        grouped = defaultdict(list)
        if not self.cases:
            return grouped
        rows = Suspension.objects.filter(
            self._related_q(), decision=HeadDecision.Decision.APPROVED,
            kind__in=[Suspension.Kind.SUSPEND, Suspension.Kind.RESUME]).values_list("case_id", "kind", "decided_at")
        for case_id, kind, decided_at in rows:
            grouped[case_id].append((kind, decided_at))
        return grouped

    @cached_property
    def officers(self) -> dict[int, list[int]]:
        """Current handling officers (person ids) of each case."""
        grouped = defaultdict(list)
        if not self.cases:
            return grouped
        rows = CaseOfficer.objects.filter(self._related_q(), released_at__isnull=True).order_by("-is_lead", "pk")
        for case_id, person_id in rows.values_list("case_id", "person_id"):
            grouped[case_id].append(person_id)
        return grouped

    @cached_property
    def hearing_requests(self) -> dict[int, datetime.date]:
        """The latest hearing request of each case (PL Art. 64)."""
        found = {}
        if not self.cases:
            return found
        rows = CaseEvent.objects.filter(self._related_q(), kind=CaseEvent.Kind.HEARING_REQUESTED).order_by("occurred_on")
        for case_id, occurred_on in rows.values_list("case_id", "occurred_on"):
            found[case_id] = occurred_on
        return found

    def procedure_deadlines(self, procedure_id: int) -> list[deadlines.ProcedureDeadline]:
        cache = self.ctx.cache.setdefault("procedure_deadlines", {})
        if procedure_id not in cache:
            definition = Procedure.objects.filter(pk=procedure_id).values_list("definition", flat=True).first() or {}
            cache[procedure_id] = deadlines.analyse(definition)
        return cache[procedure_id]

    def procedure_definition(self, procedure_id: int) -> dict:
        cache = self.ctx.cache.setdefault("procedure_definitions", {})
        if procedure_id not in cache:
            cache[procedure_id] = Procedure.objects.filter(pk=procedure_id).values_list("definition", flat=True).first() or {}
        return cache[procedure_id]

    def due(self, deadline, case: CaseRow):
        return deadlines.due_date(deadline, case, self.visits.get(case.pk, []), self.suspensions.get(case.pk, []))

    def current_visit(self, case: CaseRow) -> VisitRow | None:
        return next((v for v in self.visits.get(case.pk, []) if v.left_at is None), None)


def case_data(ctx) -> CaseData:
    """One loader per scan, shared by every case rule."""
    if "case_data" not in ctx.cache:
        ctx.cache["case_data"] = CaseData(ctx)
    return ctx.cache["case_data"]


def local_date(instant) -> datetime.date:
    return timezone.localdate(instant)
