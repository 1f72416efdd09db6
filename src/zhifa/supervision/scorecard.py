"""The three-systems scorecard (O3, O4): each agency measured from its own data, every score with its evidence.

The scorecard is a list of measured items, registered like the warning rules: an item is a function
``(agencies, filters) -> {agency id: Measure}`` with a weight, measuring all agencies of the page in a
few grouped queries. A measure is a share between 0 and 1 (or ``None`` when there is nothing to
measure — such an item leaves the denominator), a sentence of evidence and a link to the records
behind it. The score is the weighted share in percent.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from zhifa.annualreports.models import AnnualReport
from zhifa.cases.models import Case, StageVisit
from zhifa.catalog.models import RuleList
from zhifa.catalog.selectors import current_version, revision_due
from zhifa.disclosure.models import Disclosure
from zhifa.organizations.models import Agency, Certificate, Person, Training

from . import statistics
from .rules.disclosure import report_due, reporting_agencies
from .rules.people import reviewer_counts


@dataclass(frozen=True)
class Measure:
    value: float | None
    evidence: str
    link: str = ""


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    weight: int
    basis: str
    measure: object


ITEMS: list[Item] = []


def item(code: str, *, name: str, weight: int, basis: str):
    def decorator(function):
        ITEMS.append(Item(code, name, weight, basis, function))
        return function

    return decorator


def _ids(agencies) -> list[int]:
    return [a.pk for a in agencies]


@item("lists", name="清单公布且现行", weight=15, basis="P4–P9：权责清单、执法事项清单公布，法律法规修改后一个月内调整")
def lists(agencies, f) -> dict:
    by_agency = defaultdict(list)
    for rule_list in RuleList.objects.filter(agency_id__in=_ids(agencies)).prefetch_related("laws"):
        by_agency[rule_list.agency_id].append(rule_list)
    link, today, out = reverse("catalog:index"), timezone.localdate(), {}
    for agency in agencies:
        own = by_agency[agency.pk]
        powers = next((rl for rl in own if rl.kind == RuleList.Kind.POWERS), None)
        in_force = current_version(powers, f.period.end) if powers else None
        if in_force is None:
            out[agency.pk] = Measure(0.0, "尚未发布本机关的权责清单和执法事项清单", link)
            continue
        text = f"权责清单和执法事项清单第{in_force.number}版自{in_force.effective_from:%Y年%m月%d日}施行"
        overdue = [rl for rl in own if revision_due(rl, today)]
        if overdue:
            names = "、".join(f"“{rl.name}”" for rl in overdue)
            out[agency.pk] = Measure(0.5, f"{text}；{names}依据的法律法规已修改超过一个月仍未修订", link)
        else:
            out[agency.pk] = Measure(1.0, f"{text}；没有逾期未修订的清单", link)
    return out


@item("roster", name="执法人员名单公示", weight=10, basis="P3：执法人员信息公示，可凭证号查验")
def roster(agencies, f) -> dict:
    today = timezone.localdate()
    valid = Certificate.objects.filter(person=OuterRef("pk"), status=Certificate.Status.ACTIVE, issued_on__lte=today,
                                       expires_on__gte=today)
    rows = (Person.objects.filter(agency_id__in=_ids(agencies), is_active=True, post=Person.Post.OFFICER)
            .annotate(valid=Exists(valid)).values("agency_id")
            .annotate(total=Count("pk"), ok=Count("pk", filter=Q(valid=True))))
    counts = {r["agency_id"]: (r["total"], r["ok"]) for r in rows}
    out = {}
    for agency in agencies:
        total, ok = counts.get(agency.pk, (0, 0))
        link = reverse("organizations:list", args=["certificate"]) + "?" + urlencode({"agency": agency.pk})
        out[agency.pk] = (Measure(ok / total, f"在岗执法人员{total}名，持有效执法证并可在公示平台查验的{ok}名", link)
                          if total else Measure(None, "没有在岗执法人员"))
    return out


@item("reviewer_ratio", name="法制审核人员配备", weight=15, basis="L1：法制审核人员不少于执法人员的5%")
def reviewer_ratio(agencies, f) -> dict:
    figures = {figure.agency.pk: figure for figure in reviewer_counts()}
    out = {}
    for agency in agencies:
        entrusted = agency.kind == Agency.Kind.ENTRUSTED and agency.entrusting_agency_id
        home = agency.entrusting_agency_id if entrusted else agency.pk
        figure = figures.get(home)
        if figure is None or not figure.officers:
            out[agency.pk] = Measure(None, "没有在岗执法人员")
            continue
        where = f"（计入委托机关{figure.agency.name}）" if home != agency.pk else ""
        text = f"执法人员{figure.officers}名、法制审核人员{figure.reviewers}名{where}，应配{figure.required}名"
        out[agency.pk] = Measure(1.0 if figure.meets_minimum else 0.0, text, reverse("review:oversight"))
    return out


@item("av_coverage", name="音像记录覆盖", weight=15, basis="R3、R4：音像记录事项清单所列环节全程音像记录")
def av_coverage(agencies, f) -> dict:
    stays = statistics.av_stays(f, "agency_id")
    out = {}
    for agency in agencies:
        total, covered = stays.get((agency.pk,), (0, 0))
        out[agency.pk] = (Measure(covered / total, f"{f.period.label}须全程音像记录的环节{total}次，有音像记录入库的{covered}次",
                                  _cases_link(f, agency, av_missing="1"))
                          if total else Measure(None, f"{f.period.label}没有须全程音像记录的环节"))
    return out


@item("archiving", name="及时归档", weight=15, basis="R5：结案后30日内立卷归档")
def archiving(agencies, f) -> dict:
    start, end = f.period.bounds
    archived = (StageVisit.objects.filter(agency_id__in=_ids(agencies), stage="archive", due_on__isnull=False,
                                          entered_at__gte=start, entered_at__lt=end)
                .annotate(done_on=TruncDate("entered_at")).values("agency_id")
                .annotate(total=Count("pk"), met=Count("pk", filter=Q(done_on__lte=F("due_on")))))
    done = {r["agency_id"]: (r["total"], r["met"]) for r in archived}
    cutoff = timezone.localdate() - datetime.timedelta(days=30)
    waiting = dict(Case.objects.filter(agency_id__in=_ids(agencies), status=Case.Status.CLOSED, closed_on__lt=cutoff)
                   .values("agency_id").annotate(n=Count("pk")).values_list("agency_id", "n"))
    out = {}
    for agency in agencies:
        total, met = done.get(agency.pk, (0, 0))
        late_open = waiting.get(agency.pk, 0)
        if not total and not late_open:
            out[agency.pk] = Measure(None, f"{f.period.label}没有应归档的案件")
            continue
        text = f"{f.period.label}归档{total}件，其中按期{met}件；结案超过30日仍未归档{late_open}件"
        out[agency.pk] = Measure(met / (total + late_open), text, _cases_link(f, agency, late="archive"))
    return out


@item("disclosure_on_time", name="决定按时公示", weight=15,
      basis="P12：行政许可、行政处罚决定7个工作日内公示，其他决定20个工作日内公示")
def disclosure_on_time(agencies, f) -> dict:
    """Publications of the period by their due date, against those published plus those still unpublished
    past a due date in the period: never publishing must not score better than publishing late."""
    start, end = f.period.bounds
    today = timezone.localdate()
    published = (Disclosure.objects.filter(agency_id__in=_ids(agencies), published_at__gte=start, published_at__lt=end)
                 .annotate(done_on=TruncDate("published_at")).values("agency_id")
                 .annotate(total=Count("pk"), met=Count("pk", filter=Q(done_on__lte=F("due_on")))))
    done = {r["agency_id"]: (r["total"], r["met"]) for r in published}
    overdue = dict(Disclosure.objects.filter(agency_id__in=_ids(agencies), status=Disclosure.Status.PENDING,
                                             due_on__gte=f.period.start, due_on__lte=min(f.period.end, today),
                                             due_on__lt=today)
                   .values("agency_id").annotate(n=Count("pk")).values_list("agency_id", "n"))
    out = {}
    for agency in agencies:
        total, met = done.get(agency.pk, (0, 0))
        late_open = overdue.get(agency.pk, 0)
        if not total and not late_open:
            out[agency.pk] = Measure(None, f"{f.period.label}没有应公示的执法决定")
            continue
        text = f"{f.period.label}公示执法决定{total}件，其中按时{met}件；逾期仍未公示{late_open}件"
        out[agency.pk] = Measure(met / (total + late_open), text, _cases_link(f, agency, late="disclosure_deadline"))
    return out


@item("training", name="年度培训", weight=10, basis="O2：执法人员和审核人员每年至少参加一次培训")
def training(agencies, f) -> dict:
    year = f.period.end.year
    attended = Training.attendees.through.objects.filter(person_id=OuterRef("pk"), training__held_on__year=year)
    rows = (Person.objects.filter(agency_id__in=_ids(agencies), is_active=True,
                                  post__in=[Person.Post.OFFICER, Person.Post.REVIEWER])
            .annotate(trained=Exists(attended)).values("agency_id")
            .annotate(total=Count("pk"), ok=Count("pk", filter=Q(trained=True))))
    counts = {r["agency_id"]: (r["total"], r["ok"]) for r in rows}
    out = {}
    for agency in agencies:
        total, ok = counts.get(agency.pk, (0, 0))
        out[agency.pk] = (Measure(ok / total, f"{year}年度在岗执法人员和法制审核人员{total}名，已参加培训{ok}名",
                                  reverse("organizations:figures"))
                          if total else Measure(None, "没有在岗执法人员和法制审核人员"))
    return out


@item("annual_report", name="年度报告按时公布", weight=5, basis="P14：每年1月31日前公布上一年度行政执法统计年报")
def annual_report(agencies, f) -> dict:
    """The report on the year before the period's last year: published by its due date, late, or missing."""
    year = f.period.end.year - 1
    today = timezone.localdate()
    owing = set(reporting_agencies(year, _ids(agencies)).values_list("pk", flat=True))
    reports = {r.agency_id: r for r in AnnualReport.objects.filter(report_year=year, agency_id__in=owing)}
    out = {}
    for agency in agencies:
        if agency.pk not in owing:
            out[agency.pk] = Measure(None, f"{year}年度尚未设立，无须公布该年度报告")
            continue
        due, report = report_due(agency, year, reports), reports.get(agency.pk)
        link = reverse("annualreports:list")
        if report is not None and report.published_at is not None:
            published_on = timezone.localdate(report.published_at)
            on_time = published_on <= due
            text = f"{year}年度统计年报于{published_on:%Y年%m月%d日}公布（期限{due:%Y年%m月%d日}）"
            out[agency.pk] = Measure(1.0 if on_time else 0.5, text + ("" if on_time else "，逾期公布"), link)
        elif today > due:
            out[agency.pk] = Measure(0.0, f"{year}年度统计年报逾期未公布（期限{due:%Y年%m月%d日}）", link)
        else:
            out[agency.pk] = Measure(None, f"{year}年度统计年报公布期限{due:%Y年%m月%d日}尚未届满", link)
    return out


def _cases_link(f, agency, **params) -> str:
    return reverse("supervision:cases") + "?" + urlencode(f.drill(agency=agency.pk, **params))


@dataclass(frozen=True)
class Line:
    item: Item
    measure: Measure

    @property
    def points(self) -> float | None:
        return None if self.measure.value is None else round(self.item.weight * self.measure.value, 1)

    @property
    def percent(self) -> float | None:
        return None if self.measure.value is None else round(self.measure.value * 100, 1)


@dataclass(frozen=True)
class Scorecard:
    agency: Agency
    lines: list[Line]

    @property
    def weight(self) -> int:
        return sum(line.item.weight for line in self.lines if line.points is not None)

    @property
    def score(self) -> float | None:
        if not self.weight:
            return None
        earned = sum(line.item.weight * line.measure.value for line in self.lines if line.measure.value is not None)
        return round(earned * 100 / self.weight, 1)


def scorecards(user, agencies, period: statistics.Period) -> list[Scorecard]:
    """Every item measured for all ``agencies`` at once (grouped queries), one scorecard per agency."""
    agencies = list(agencies)
    f = statistics.Filters(user=user, period=period, agency=agencies[0] if len(agencies) == 1 else None)
    with statistics.reporting():
        measured = [(i, i.measure(agencies, f)) for i in ITEMS]
    return [Scorecard(a, [Line(i, by_agency[a.pk]) for i, by_agency in measured]) for a in agencies]


def scorecard(user, agency, period: statistics.Period) -> Scorecard:
    return scorecards(user, [agency], period)[0]


def scored_agencies(user):
    """The agencies a user may see scorecards of: enforcement agencies of the scope."""
    from zhifa.organizations.selectors import agencies

    return agencies(user).filter(is_supervisory=False)
