"""Dashboard figures per agency, region and period (I1, I5, R7): each one aggregate query, scoped by the user.

Every figure is a list of :class:`Row` — a label, a value and the filters that lead to its cases
(drill-down) — so the page, the charts, the API and the Excel export show the same numbers.
What "in the period" means differs by figure and is part of its definition:

* cases by kind, stage, domain and agency: cases *registered* (lead or opening) in the period;
* penalties: decisions *made* in the period (``decided_on``);
* on-time rate per rule: the act the deadline asks for *done* in the period, on or before its due date;
* review opinions: opinions *given* in the period; AV coverage: AV-required stage stays *begun* in it;
* warnings: open now, and raised in the period.
"""

import datetime
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, DateTimeField, Exists, F, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils import timezone

from zhifa.cases.models import Case, StageVisit
from zhifa.catalog.models import AvRequirement, Procedure, RuleList
from zhifa.catalog.selectors import current_version
from zhifa.core.scoping import scope_for
from zhifa.core.validators import region_prefix
from zhifa.disclosure.models import Disclosure
from zhifa.evidence.models import AV_KINDS, Evidence
from zhifa.inspections.models import DrawnTarget
from zhifa.review.models import Opinion

from .models import Level, Warning
from .rules import base as rule_base


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    @property
    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        tz = timezone.get_current_timezone()
        begin = datetime.datetime.combine(self.start, datetime.time.min, tzinfo=tz)
        return begin, datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)

    @classmethod
    def this_year(cls, today=None):
        today = today or timezone.localdate()
        return cls(datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31))

    @property
    def label(self) -> str:
        return f"{self.start:%Y年%m月%d日}至{self.end:%Y年%m月%d日}"


@dataclass(frozen=True)
class Filters:
    user: object
    period: Period
    region: str = ""
    agency: object = None

    def agency_q(self, path: str = "agency") -> Q:
        """The user's scope, narrowed to a region prefix inside it and to one agency when chosen."""
        q = scope_for(self.user).agency_q(path)
        prefix = f"{path}__" if path else ""
        if self.region:
            q &= Q(**{f"{prefix}region_code__startswith": region_prefix(self.region)})
        if self.agency is not None:
            q &= Q(**{f"{prefix}pk": self.agency.pk})
        return q

    def cases(self):
        return Case.objects.filter(self.agency_q())

    def drill(self, **extra) -> dict:
        """Query parameters of the case list that shows the cases behind a figure."""
        params = {"from": self.period.start.isoformat(), "to": self.period.end.isoformat()}
        if self.region:
            params["region"] = self.region
        if self.agency is not None:
            params["agency"] = self.agency.pk
        params.update({k: v for k, v in extra.items() if v not in (None, "")})
        return params


@dataclass
class Row:
    label: str
    value: object
    drill: dict | None = None
    extra: dict = field(default_factory=dict)


def procedure_names() -> dict[str, str]:
    return dict(Procedure.objects.values_list("code", "name").order_by("code", "-pk").distinct())


def stage_names() -> dict[tuple[str, str], str]:
    names = {}
    for code, definition in Procedure.objects.values_list("code", "definition"):
        for stage in (definition or {}).get("stages", []):
            names.setdefault((code, stage.get("code")), stage.get("name", stage.get("code")))
    return names


def _registered(f: Filters):
    start, end = f.period.bounds
    return f.cases().filter(created_at__gte=start, created_at__lt=end)


def cases_by_kind(f: Filters) -> list[Row]:
    names = procedure_names()
    rows = _registered(f).values("procedure_code").annotate(n=Count("pk")).order_by("-n", "procedure_code")
    return [Row(names.get(r["procedure_code"], r["procedure_code"]), r["n"], f.drill(procedure=r["procedure_code"]))
            for r in rows]


def cases_by_stage(f: Filters) -> list[Row]:
    names = stage_names()
    rows = _registered(f).values("procedure_code", "stage").annotate(n=Count("pk")).order_by("-n", "stage")
    return [Row(names.get((r["procedure_code"], r["stage"]), r["stage"]), r["n"],
                f.drill(procedure=r["procedure_code"], stage=r["stage"])) for r in rows]


def cases_by_domain(f: Filters) -> list[Row]:
    rows = _registered(f).values("agency__domain").annotate(n=Count("pk")).order_by("-n", "agency__domain")
    return [Row(r["agency__domain"] or "未填写", r["n"], f.drill(domain=r["agency__domain"])) for r in rows]


def cases_by_agency(f: Filters) -> list[Row]:
    live = Q(status__in=[Case.Status.OPEN, Case.Status.SUSPENDED])
    rows = (_registered(f).values("agency_id", "agency__name")
            .annotate(n=Count("pk"), live=Count("pk", filter=live), archived=Count("pk", filter=Q(status=Case.Status.ARCHIVED)))
            .order_by("-n", "agency__name"))
    return [Row(r["agency__name"], r["n"], f.drill(agency=r["agency_id"]),
                {"live": r["live"], "archived": r["archived"]}) for r in rows]


def cases_by_month(f: Filters) -> list[Row]:
    """Cases registered per month of the period, months without cases included (as zero)."""
    rows = (_registered(f).annotate(month=TruncMonth("created_at")).values("month").annotate(n=Count("pk"))
            .order_by("month"))
    counts = {f"{r['month']:%Y-%m}": r["n"] for r in rows}
    months, day = [], f.period.start.replace(day=1)
    while day <= f.period.end and len(months) < 120:
        months.append(f"{day:%Y-%m}")
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return [Row(month, counts.get(month, 0)) for month in months]


def penalties(f: Filters) -> list[Row]:
    """Decisions made in the period per agency: how many, how many with a fine, fines and confiscations in yuan."""
    zero = Decimal("0.00")
    rows = (f.cases().filter(decided_on__gte=f.period.start, decided_on__lte=f.period.end)
            .values("agency_id", "agency__name")
            .annotate(decisions=Count("pk"), fined=Count("pk", filter=Q(fine_amount__gt=0)),
                      fines=Coalesce(Sum("fine_amount"), zero), confiscated=Coalesce(Sum("confiscation_amount"), zero))
            .order_by("-fines", "agency__name"))
    return [Row(r["agency__name"], r["fines"], f.drill(agency=r["agency_id"], decided="1"),
                {"decisions": r["decisions"], "fined": r["fined"], "confiscated": r["confiscated"]}) for r in rows]


# On time, per rule ----------------------------------------------------------------------------------------------

# Deadlines whose act is a stage transition: (rule, stage, the act is entering (True) or leaving (False) it).
VISIT_DEADLINES = (("filing_decision", "lead", False), ("case_duration", "decision", True),
                   ("delivery", "delivery", False), ("archive", "archive", True))


def on_time_visits(f: Filters, rule: str, stage: str, on_entry: bool) -> tuple[int, int]:
    start, end = f.period.bounds
    done = "entered_at" if on_entry else "left_at"
    rows = (StageVisit.objects.filter(f.agency_q("agency"), stage=stage, due_on__isnull=False,
                                      **{f"{done}__gte": start, f"{done}__lt": end})
            .annotate(done_on=TruncDate(done))
            .aggregate(total=Count("pk"), met=Count("pk", filter=Q(done_on__lte=F("due_on")))))
    return rows["total"], rows["met"]


def on_time_review(f: Filters) -> tuple[int, int]:
    start, end = f.period.bounds
    rows = Opinion.objects.filter(f.agency_q("submission__case__agency"), given_at__gte=start, given_at__lt=end).aggregate(
        total=Count("pk"), met=Count("pk", filter=Q(overdue=False)))
    return rows["total"], rows["met"]


def on_time_av(f: Filters) -> tuple[int, int]:
    start, end = f.period.bounds
    rows = Evidence.objects.filter(f.agency_q("case__agency"), kind__in=AV_KINDS, uploaded_at__gte=start,
                                   uploaded_at__lt=end).aggregate(total=Count("pk"), met=Count("pk", filter=Q(late=False)))
    return rows["total"], rows["met"]


# Disclosure deadlines (P12, P13): (rule, the act's instant, its due date).
DISCLOSURE_DEADLINES = (("disclosure_deadline", "published_at", "due_on"),
                        ("withdrawal", "withdrawn_at", "withdrawal_due_on"))


def _disclosures_done(period: Period, done: str, due: str):
    start, end = period.bounds
    return (Disclosure.objects.filter(**{f"{due}__isnull": False, f"{done}__gte": start, f"{done}__lt": end})
            .annotate(done_on=TruncDate(done)))


def on_time_disclosure(f: Filters, done: str, due: str) -> tuple[int, int]:
    """Decisions published (or withdrawn) in the period, and how many by their due date."""
    rows = _disclosures_done(f.period, done, due).filter(f.agency_q()).aggregate(
        total=Count("pk"), met=Count("pk", filter=Q(done_on__lte=F(due))))
    return rows["total"], rows["met"]


def on_time_inspections(f: Filters) -> tuple[int, int]:
    """Random-inspection results published in the period (P17), and how many by their due date."""
    start, end = f.period.bounds
    rows = (DrawnTarget.objects.filter(f.agency_q("plan__agency"), disclosure_due_on__isnull=False,
                                       published_at__gte=start, published_at__lt=end)
            .annotate(done_on=TruncDate("published_at"))
            .aggregate(total=Count("pk"), met=Count("pk", filter=Q(done_on__lte=F("disclosure_due_on")))))
    return rows["total"], rows["met"]


def on_time_stages(f: Filters) -> dict[str, tuple[int, int]]:
    """The stage-visit deadlines of :data:`VISIT_DEADLINES` in one pass over the visits: ``{rule: (total, met)}``."""
    start, end = f.period.bounds
    which, counts = Q(pk__in=[]), {}
    for rule, stage, on_entry in VISIT_DEADLINES:
        done = "entered_at" if on_entry else "left_at"
        mine = Q(stage=stage, **{f"{done}__gte": start, f"{done}__lt": end})
        which |= mine
        counts[f"{rule}_total"] = Count("pk", filter=mine)
        counts[f"{rule}_met"] = Count("pk", filter=mine & Q(**{f"{done[:-3]}_on__lte": F("due_on")}))
    rows = (StageVisit.objects.filter(f.agency_q("agency"), which, due_on__isnull=False)
            .annotate(entered_on=TruncDate("entered_at"), left_on=TruncDate("left_at")).aggregate(**counts))
    return {rule: (rows[f"{rule}_total"], rows[f"{rule}_met"]) for rule, _, _ in VISIT_DEADLINES}


# On-time figures whose acts belong to no case: no drill-down to the case list.
WITHOUT_CASES = {"inspection_results"}


def on_time(f: Filters) -> list[Row]:
    """Per rule: acts done in the period and how many on time; ``value`` is the rate in percent (None: nothing due)."""
    figures = list(on_time_stages(f).items())
    figures += [("review_time_limit", on_time_review(f)), ("av_24h", on_time_av(f))]
    figures += [(rule, on_time_disclosure(f, done, due)) for rule, done, due in DISCLOSURE_DEADLINES]
    figures += [("inspection_results", on_time_inspections(f))]
    rows = []
    for code, (total, met) in figures:
        rule = rule_base.get(code)
        rate = round(met * 100 / total, 1) if total else None
        drill = None if code in WITHOUT_CASES else f.drill(late=code)
        rows.append(Row(rule.name if rule else code, rate, drill, {"total": total, "met": met,
                                                                                 "late": total - met, "rule": code}))
    return rows


# Warnings, review, AV coverage --------------------------------------------------------------------------------


def warnings_by_rule(f: Filters) -> list[Row]:
    start, end = f.period.bounds
    names = {r.code: r.name for r in rule_base.rules()}
    order = {r.code: i for i, r in enumerate(rule_base.rules())}
    scoped = Warning.objects.filter(f.agency_q())
    rows = (scoped.filter(Q(cleared_at__isnull=True) | Q(raised_at__gte=start, raised_at__lt=end)).values("rule")
            .annotate(red=Count("pk", filter=Q(cleared_at__isnull=True, level=Level.RED)),
                      yellow=Count("pk", filter=Q(cleared_at__isnull=True, level=Level.YELLOW)),
                      raised=Count("pk", filter=Q(raised_at__gte=start, raised_at__lt=end))))
    rows = sorted(rows, key=lambda r: order.get(r["rule"], 99))
    return [Row(names.get(r["rule"], r["rule"]), r["red"] + r["yellow"], f.drill(warning=r["rule"], status="live"),
                {"red": r["red"], "yellow": r["yellow"], "raised": r["raised"], "rule": r["rule"]}) for r in rows]


def review_opinions(f: Filters) -> list[Row]:
    start, end = f.period.bounds
    labels = dict(Opinion.Kind.choices)
    rows = (Opinion.objects.filter(f.agency_q("submission__case__agency"), given_at__gte=start, given_at__lt=end)
            .values("kind").annotate(n=Count("pk"), late=Count("pk", filter=Q(overdue=True))).order_by("kind"))
    return [Row(labels.get(r["kind"], r["kind"]), r["n"], None, {"late": r["late"]}) for r in rows]


def required_av_stages(agency_ids) -> dict[frozenset, list[int]]:
    """The AV-required (procedure, stage) pairs of each agency — its own list in force, else the national one."""
    def required(version):
        if version is None:
            return None
        return frozenset(AvRequirement.objects.filter(version=version, mode="required").values_list(
            "procedure_code", "stage_code"))

    national_list = RuleList.objects.filter(kind=RuleList.Kind.AV, agency__isnull=True).first()
    national = (required(current_version(national_list)) if national_list else None) or frozenset()
    own = {rl.agency_id: rl for rl in RuleList.objects.filter(kind=RuleList.Kind.AV, agency_id__in=agency_ids)}
    groups: dict[frozenset, list[int]] = {}
    for agency_id in agency_ids:
        pairs = required(current_version(own[agency_id])) if agency_id in own else None
        groups.setdefault(pairs if pairs is not None else national, []).append(agency_id)
    return groups


def av_stays(f: Filters, *group) -> dict[tuple, list[int]]:
    """AV-required stays begun in the period grouped by ``group`` fields: ``{values: [stays, with a record]}``."""
    from zhifa.organizations.models import Agency

    start, end = f.period.bounds
    agency_ids = list(Agency.objects.filter(f.agency_q("")).values_list("pk", flat=True))
    until = Coalesce(OuterRef("left_at"), Value(timezone.now(), output_field=DateTimeField()))
    recorded = Evidence.objects.filter(case_id=OuterRef("case_id"), kind__in=AV_KINDS, withdrawn_at__isnull=True,
                                       uploaded_at__gte=OuterRef("entered_at"), uploaded_at__lte=until)
    totals: dict[tuple, list[int]] = {}
    for pairs, ids in required_av_stages(agency_ids).items():
        if not pairs:
            continue
        which = Q(pk__in=[])
        for procedure_code, stage_code in pairs:
            which |= Q(case__procedure_code=procedure_code, stage=stage_code)
        rows = (StageVisit.objects.filter(which, case__agency_id__in=ids, entered_at__gte=start, entered_at__lt=end)
                .annotate(covered=Exists(recorded)).values(*group)
                .annotate(n=Count("pk"), ok=Count("pk", filter=Q(covered=True))))
        for r in rows:
            total = totals.setdefault(tuple(r[g] for g in group), [0, 0])
            total[0] += r["n"]
            total[1] += r["ok"]
    return totals


def av_coverage(f: Filters) -> list[Row]:
    """Stays in AV-required stages begun in the period, and how many have an AV record from that stay (R3, R4)."""
    names = stage_names()
    return [Row(names.get(key, key[1]), round(ok * 100 / n, 1) if n else None,
                f.drill(procedure=key[0], stage=key[1], av_missing="1"), {"total": n, "covered": ok, "missing": n - ok})
            for key, (n, ok) in sorted(av_stays(f, "case__procedure_code", "stage").items())]


def totals(f: Filters) -> dict:
    start, end = f.period.bounds
    agg = f.cases().aggregate(
        registered=Count("pk", filter=Q(created_at__gte=start, created_at__lt=end)),
        live=Count("pk", filter=Q(status__in=[Case.Status.OPEN, Case.Status.SUSPENDED])),
        awaiting_archive=Count("pk", filter=Q(status=Case.Status.CLOSED)),
        decided=Count("pk", filter=Q(decided_on__gte=f.period.start, decided_on__lte=f.period.end)),
    )
    warnings = Warning.objects.filter(f.agency_q(), cleared_at__isnull=True).aggregate(
        red=Count("pk", filter=Q(level=Level.RED)), yellow=Count("pk", filter=Q(level=Level.YELLOW)))
    return {**agg, **warnings}


FIGURES = {
    "cases_by_kind": ("案件类别", cases_by_kind),
    "cases_by_stage": ("办理环节", cases_by_stage),
    "cases_by_domain": ("执法领域", cases_by_domain),
    "cases_by_agency": ("执法主体", cases_by_agency),
    "cases_by_month": ("逐月登记案件", cases_by_month),
    "penalties": ("罚没金额", penalties),
    "on_time": ("按期办结率", on_time),
    "warnings_by_rule": ("预警", warnings_by_rule),
    "review_opinions": ("法制审核意见", review_opinions),
    "av_coverage": ("音像记录覆盖率", av_coverage),
}


@contextmanager
def reporting():
    """One read-only transaction for a dashboard; on PostgreSQL with the memory an aggregate over a million
    cases needs (``work_mem``; the default 4 MB spills the hash joins to disk) and without JIT compilation,
    which costs more than it saves on queries of a few hundred milliseconds. Both are local to the transaction."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '64MB'")
                cursor.execute("SET LOCAL jit = off")
        yield


def dashboard(f: Filters) -> dict:
    with reporting():
        data = {name: function(f) for name, (_, function) in FIGURES.items()}
        data["totals"] = totals(f)
    return data


# Drill-down: the cases behind a late figure or a missing AV record ----------------------------------------------


def late_q(rule: str, period: Period) -> Q:
    """Cases whose act under ``rule`` was done in ``period`` after its due date (the on-time figure's misses)."""
    start, end = period.bounds
    for code, stage, on_entry in VISIT_DEADLINES:
        if code == rule:
            done = "entered_at" if on_entry else "left_at"
            visits = (StageVisit.objects.filter(case_id=OuterRef("pk"), stage=stage, due_on__isnull=False,
                                                **{f"{done}__gte": start, f"{done}__lt": end})
                      .annotate(done_on=TruncDate(done)).filter(done_on__gt=F("due_on")))
            return Q(Exists(visits))
    if rule == "review_time_limit":
        return Q(Exists(Opinion.objects.filter(submission__case_id=OuterRef("pk"), overdue=True, given_at__gte=start,
                                               given_at__lt=end)))
    if rule == "av_24h":
        return Q(Exists(Evidence.objects.filter(case_id=OuterRef("pk"), kind__in=AV_KINDS, late=True,
                                                uploaded_at__gte=start, uploaded_at__lt=end)))
    for code, done, due in DISCLOSURE_DEADLINES:
        if code == rule:
            return Q(Exists(_disclosures_done(period, done, due).filter(case_id=OuterRef("pk"), done_on__gt=F(due))))
    return Q(pk__in=[])


def av_missing_q(stage: str, period: Period) -> Q:
    """Cases with a stay in ``stage`` begun in ``period`` that has no AV record from it."""
    start, end = period.bounds
    until = Coalesce(OuterRef("left_at"), Value(timezone.now(), output_field=DateTimeField()))
    recorded = Evidence.objects.filter(case_id=OuterRef("case_id"), kind__in=AV_KINDS, withdrawn_at__isnull=True,
                                       uploaded_at__gte=OuterRef("entered_at"), uploaded_at__lte=until)
    stays = StageVisit.objects.filter(case_id=OuterRef("pk"), stage=stage, entered_at__gte=start,
                                      entered_at__lt=end).filter(~Exists(recorded))
    return Q(Exists(stays))
