"""The three-systems scorecard (O3, O4): each agency measured from its own data, every score with its evidence.

The scorecard is a list of measured items, registered like the warning rules: an item is a
function ``(agency, filters) -> Measure`` with a weight. A measure is a share between 0 and 1 (or
``None`` when there is nothing to measure — such an item leaves the denominator), a sentence of
evidence and a link to the records behind it. The score is the weighted share in percent.
Disclosure-based items (decisions disclosed on time, the annual report on time) are one more item
each once the disclosure models exist; see docs/supervision.md.
"""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from zhifa.cases.models import Case
from zhifa.catalog.models import RuleList
from zhifa.catalog.selectors import current_version, revision_due
from zhifa.organizations.models import Agency, Certificate, Person, Training

from . import statistics
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


@item("lists", name="清单公布且现行", weight=15, basis="P4–P9：权责清单、执法事项清单公布，法律法规修改后一个月内调整")
def lists(agency, f) -> Measure:
    own = list(RuleList.objects.filter(agency=agency).prefetch_related("laws"))
    powers = next((rl for rl in own if rl.kind == RuleList.Kind.POWERS), None)
    in_force = current_version(powers, f.period.end) if powers else None
    overdue = [(rl, laws) for rl in own if (laws := revision_due(rl, timezone.localdate()))]
    link = reverse("catalog:index")
    if in_force is None:
        return Measure(0.0, "尚未发布本机关的权责清单和执法事项清单", link)
    text = f"权责清单和执法事项清单第{in_force.number}版自{in_force.effective_from:%Y年%m月%d日}施行"
    if overdue:
        names = "、".join(f"“{rl.name}”" for rl, _ in overdue)
        return Measure(0.5, f"{text}；{names}依据的法律法规已修改超过一个月仍未修订", link)
    return Measure(1.0, f"{text}；没有逾期未修订的清单", link)


@item("roster", name="执法人员名单公示", weight=10, basis="P3：执法人员信息公示，可凭证号查验")
def roster(agency, f) -> Measure:
    today = timezone.localdate()
    officers = Person.objects.filter(agency=agency, is_active=True, post=Person.Post.OFFICER)
    total = officers.count()
    if not total:
        return Measure(None, "没有在岗执法人员")
    valid = officers.filter(certificates__status=Certificate.Status.ACTIVE, certificates__issued_on__lte=today,
                            certificates__expires_on__gte=today).distinct().count()
    link = reverse("organizations:list", args=["certificate"]) + "?" + urlencode({"agency": agency.pk})
    return Measure(valid / total, f"在岗执法人员{total}名，持有效执法证并可在公示平台查验的{valid}名", link)


@item("reviewer_ratio", name="法制审核人员配备", weight=15, basis="L1：法制审核人员不少于执法人员的5%")
def reviewer_ratio(agency, f) -> Measure:
    home = agency.entrusting_agency if agency.kind == Agency.Kind.ENTRUSTED and agency.entrusting_agency_id else agency
    figure = next(iter(reviewer_counts([home.pk])), None)
    if figure is None or not figure.officers:
        return Measure(None, "没有在岗执法人员")
    where = f"（计入委托机关{home.name}）" if home != agency else ""
    text = f"执法人员{figure.officers}名、法制审核人员{figure.reviewers}名{where}，应配{figure.required}名"
    return Measure(1.0 if figure.meets_minimum else 0.0, text, reverse("review:oversight"))


@item("av_coverage", name="音像记录覆盖", weight=15, basis="R3、R4：音像记录事项清单所列环节全程音像记录")
def av_coverage(agency, f) -> Measure:
    rows = statistics.av_coverage(f)
    total, covered = sum(r.extra["total"] for r in rows), sum(r.extra["covered"] for r in rows)
    if not total:
        return Measure(None, f"{f.period.label}没有须全程音像记录的环节")
    return Measure(covered / total, f"{f.period.label}须全程音像记录的环节{total}次，有音像记录入库的{covered}次",
                   _cases_link(f, av_missing="1"))


@item("archiving", name="及时归档", weight=15, basis="R5：结案后30日内立卷归档")
def archiving(agency, f) -> Measure:
    total, met = statistics.on_time_visits(f, "archive", "archive", True)
    cutoff = timezone.localdate() - datetime.timedelta(days=30)
    waiting_long = Case.objects.filter(agency=agency, status=Case.Status.CLOSED, closed_on__lt=cutoff).count()
    if not total and not waiting_long:
        return Measure(None, f"{f.period.label}没有应归档的案件")
    text = f"{f.period.label}归档{total}件，其中按期{met}件；结案超过30日仍未归档{waiting_long}件"
    return Measure(met / (total + waiting_long), text, _cases_link(f, late="archive"))


@item("training", name="年度培训", weight=10, basis="O2：执法人员和审核人员每年至少参加一次培训")
def training(agency, f) -> Measure:
    year = f.period.end.year
    people = Person.objects.filter(agency=agency, is_active=True, post__in=[Person.Post.OFFICER, Person.Post.REVIEWER])
    total = people.count()
    if not total:
        return Measure(None, "没有在岗执法人员和法制审核人员")
    trained = people.filter(pk__in=Training.attendees.through.objects.filter(training__held_on__year=year)
                            .values("person_id")).count()
    return Measure(trained / total, f"{year}年度在岗执法人员和法制审核人员{total}名，已参加培训{trained}名",
                   reverse("organizations:figures"))


def _cases_link(f, **params) -> str:
    return reverse("supervision:cases") + "?" + urlencode(f.drill(**params))


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


def scorecard(user, agency, period: statistics.Period) -> Scorecard:
    f = statistics.Filters(user=user, period=period, agency=agency)
    return Scorecard(agency, [Line(i, i.measure(agency, f)) for i in ITEMS])


def scored_agencies(user):
    """The agencies a user may see scorecards of: enforcement agencies of the scope."""
    from zhifa.organizations.selectors import agencies

    return agencies(user).filter(is_supervisory=False)
