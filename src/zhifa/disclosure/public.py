"""Every read of the public portal (P1–P14): published snapshots and published list versions only.

Nothing here takes a user: the public has no scope. What it returns is, by construction, public —
published decisions (never a case or a draft), list versions in force, published boards and reports,
the officers' roster fields (P3). Pages, the public API, feeds and downloads all read through here.
"""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from zhifa.catalog import selectors as rules
from zhifa.catalog.models import (
    AvRequirement,
    DiscretionBenchmark,
    EnforcementItem,
    MajorDecisionRule,
    Power,
    Procedure,
    RuleList,
    RuleListVersion,
)
from zhifa.organizations.models import Agency, Certificate, Person

from . import search
from .models import Category, PostBoard, PublishedDecision

COUNT_CAP = 1000
CREDIT_CODE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{18}")
DOCUMENT_NUMBER = re.compile(r"\S+〔\d{4}〕\d+号")


# Agencies and officers (P2, P3) -----------------------------------------------------------------


def agencies(q: str = ""):
    queryset = Agency.objects.select_related("superior", "entrusting_agency").order_by("region_code", "name")
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(domain__icontains=q))
    return queryset


def get_agency(pk) -> Agency | None:
    try:
        return agencies().prefetch_related("departments").get(pk=pk)
    except (Agency.DoesNotExist, ValueError, TypeError):
        return None


def subordinate_units(agency):
    """Units under the agency: subordinate bodies and the organisations it entrusts (P2)."""
    return Agency.objects.filter(Q(superior=agency) | Q(entrusting_agency=agency)).order_by("name")


def roster(*, agency=None, q: str = ""):
    """P3: every certificate of the people on duty — name, number, agency, category, region, validity."""
    queryset = Certificate.objects.select_related("person__agency").filter(
        person__is_active=True, person__post=Person.Post.OFFICER).order_by("person__agency__name", "number")
    if agency is not None:
        queryset = queryset.filter(person__agency=agency)
    if q:
        queryset = queryset.filter(Q(person__name__icontains=q) | Q(number__icontains=q))
    return queryset


# Rule lists in force (P4–P8, AV list) ------------------------------------------------------------


@dataclass(frozen=True)
class InForce:
    """A list version in force for an agency, and whether it is the agency's own or the national default."""

    version: RuleListVersion | None
    own: bool

    @property
    def source(self) -> str:
        if self.version is None:
            return ""
        return "本机关清单" if self.own else "采用国家默认清单"


def in_force(agency, kind: str) -> InForce:
    version = rules.effective_version(agency, kind)
    return InForce(version, bool(version and version.rule_list.agency_id))


def powers(agency):
    found = in_force(agency, RuleList.Kind.POWERS)
    queryset = Power.objects.none()
    if found.version is not None:
        queryset = Power.objects.filter(version=found.version).prefetch_related(
            Prefetch("items", queryset=EnforcementItem.objects.order_by("code"))).order_by("code")
    return found, queryset


def items(agency, *, random_only: bool = False):
    found = in_force(agency, RuleList.Kind.POWERS)
    queryset = EnforcementItem.objects.none()
    if found.version is not None:
        queryset = EnforcementItem.objects.filter(version=found.version).select_related("power").order_by("code")
        if random_only:
            queryset = queryset.filter(is_random_inspection=True)
    return found, queryset


def get_item(pk) -> EnforcementItem | None:
    """An item of a list version in force today (an older or draft version's item is not public)."""
    item = EnforcementItem.objects.select_related("power", "version__rule_list__agency").filter(
        pk=pk, version__status=RuleListVersion.Status.PUBLISHED).first() if str(pk).isdigit() else None
    if item is None or rules.current_version(item.version.rule_list) != item.version:
        return None
    return item


def procedure_for_item(item) -> Procedure | None:
    if not item.procedure_code:
        return None
    return rules.procedure_for(item.version.rule_list.agency, item.procedure_code)


def benchmarks(agency):
    found = in_force(agency, RuleList.Kind.DISCRETION)
    queryset = DiscretionBenchmark.objects.none()
    if found.version is not None:
        queryset = DiscretionBenchmark.objects.filter(version=found.version).prefetch_related("tiers").order_by("code")
    return found, queryset


def major_rules(agency):
    found = in_force(agency, RuleList.Kind.MAJOR)
    queryset = MajorDecisionRule.objects.none()
    if found.version is not None:
        queryset = MajorDecisionRule.objects.filter(version=found.version).order_by("pk")
    return found, queryset


def av_entries(agency):
    found = in_force(agency, RuleList.Kind.AV)
    queryset = AvRequirement.objects.none()
    if found.version is not None:
        queryset = AvRequirement.objects.filter(version=found.version).order_by("procedure_code", "pk")
    return found, queryset


def item_by_codes(agency, codes) -> list[EnforcementItem]:
    _, queryset = items(agency)
    return list(queryset.filter(code__in=list(codes or [])))


# Post information boards (P11) -------------------------------------------------------------------


def boards(agency=None):
    queryset = PostBoard.objects.filter(is_published=True).select_related("agency").order_by("agency__name", "name")
    return queryset.filter(agency=agency) if agency is not None else queryset


def get_board(pk) -> PostBoard | None:
    try:
        return boards().prefetch_related("people__certificates").get(pk=pk)
    except (PostBoard.DoesNotExist, ValueError, TypeError):
        return None


# Decisions (P12, P13) ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionFilter:
    q: str = ""
    agency: int | None = None
    category: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    target: str = ""
    status: str = PublishedDecision.Status.CURRENT  # "" for every status


def decisions(f: DecisionFilter = DecisionFilter()):
    """Published snapshots, newest decision first; a search narrows by every jieba token of ``q``."""
    queryset = PublishedDecision.objects.all()
    if f.status:
        queryset = queryset.filter(status=f.status)
    if f.agency:
        queryset = queryset.filter(agency_id=f.agency)
    if f.category in Category.values:
        queryset = queryset.filter(category=f.category)
    if f.date_from:
        queryset = queryset.filter(decided_on__gte=f.date_from)
    if f.date_to:
        queryset = queryset.filter(decided_on__lte=f.date_to)
    if f.target:
        if CREDIT_CODE.fullmatch(f.target.upper()):
            queryset = queryset.filter(target_code=f.target.upper())
        else:  # the words of the name through the full-text index, then the name itself
            queryset = search.match(queryset, f.target).filter(target__icontains=f.target)
    if f.q:
        number = DOCUMENT_NUMBER.fullmatch(f.q.strip())
        queryset = queryset.filter(number=f.q.strip()) if number else search.match(queryset, f.q)
    return queryset.order_by("-decided_on", "-id")


def page(queryset, cursor, *, common: bool, size: int = 20):
    """One keyset page of decisions after ``cursor`` ((date, id) or None) and the cursor of the next page.

    ``common``: the search matches more than the count's cap, so the date index is walked (see
    :func:`zhifa.disclosure.search.planned`); otherwise the database chooses.
    """
    if cursor is not None:
        day, pk = cursor
        queryset = queryset.filter(Q(decided_on__lt=day) | Q(decided_on=day, id__lt=pk))
    with search.planned(date_order=common):
        rows = list(queryset[:size + 1])
    following = f"{rows[size - 1].decided_on.isoformat()}.{rows[size - 1].pk}" if len(rows) > size else ""
    return rows[:size], following


def get_decision(pk) -> PublishedDecision | None:
    try:
        return PublishedDecision.objects.select_related("superseded_by").get(pk=pk)
    except (PublishedDecision.DoesNotExist, ValueError, TypeError):
        return None


def history(decision: PublishedDecision) -> list[PublishedDecision]:
    """Every published version of the same decision, oldest first (P13: the portal keeps the history)."""
    chain = [decision]
    while (earlier := PublishedDecision.objects.filter(superseded_by=chain[0]).first()) is not None:
        chain.insert(0, earlier)
    while chain[-1].superseded_by_id:
        chain.append(chain[-1].superseded_by)
    return chain


def withdrawals():
    return PublishedDecision.objects.exclude(status=PublishedDecision.Status.CURRENT).order_by("-withdrawn_at", "-id")


def capped_count(queryset, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """The number of rows up to ``cap`` and whether there are more: an exact count of a million rows is not worth it.

    Unordered, so the database may stop as soon as it has seen ``cap`` matches, whichever index it uses.
    """
    with search.planned():
        found = queryset.order_by()[:cap + 1].count()
    return min(found, cap), found > cap


def category_counts():
    return dict(PublishedDecision.objects.filter(status=PublishedDecision.Status.CURRENT)
                .values_list("category").annotate(n=Count("id")).order_by())


def list_matches(q: str, limit: int = 20):
    """Powers and items in force whose names or conditions hold every token of ``q`` (search over the lists)."""
    words = search.query_terms(q)
    if not words:
        return []
    in_force_versions = [rules.current_version(rl) for rl in RuleList.objects.filter(kind=RuleList.Kind.POWERS)]
    queryset = EnforcementItem.objects.filter(version__in=[v for v in in_force_versions if v]).select_related(
        "power", "version__rule_list__agency")
    for word in words:
        queryset = queryset.filter(Q(name__icontains=word) | Q(power__name__icontains=word)
                                   | Q(conditions__icontains=word) | Q(power__basis__icontains=word))
    return list(queryset.order_by("code")[:limit])
