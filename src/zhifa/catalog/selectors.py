"""Every read of rule lists, scoped: national defaults are read by all staff, agency lists within scope."""

import datetime

from django.db.models import Q
from django.utils import timezone

from zhifa.core.scoping import scope_for

from . import procedures as _procedures
from .models import AvRequirement, EnforcementItem, Procedure, RuleList, RuleListVersion
from .permissions import can_manage, can_read


def rule_lists(user, *, kind: str = ""):
    scope = scope_for(user)
    if scope.role is None:
        return RuleList.objects.none()
    queryset = RuleList.objects.select_related("agency").filter(Q(agency__isnull=True) | scope.agency_q("agency"))
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset


def versions(user, rule_list):
    """Published versions for readers; drafts too for those who manage the list."""
    if not can_read(user, rule_list):
        return RuleListVersion.objects.none()
    queryset = rule_list.versions.all()
    if not can_manage(user, rule_list):
        queryset = queryset.filter(status=RuleListVersion.Status.PUBLISHED)
    return queryset


def visible_versions(user):
    lists = rule_lists(user)
    queryset = RuleListVersion.objects.filter(rule_list__in=lists).select_related("rule_list__agency")
    from zhifa.accounts.roles import Role

    scope = scope_for(user)
    if scope.role != Role.ADMIN:
        return queryset.filter(status=RuleListVersion.Status.PUBLISHED)
    return queryset.filter(Q(status=RuleListVersion.Status.PUBLISHED) | scope.agency_q("rule_list__agency"))


def current_version(rule_list, on: datetime.date | None = None):
    """The published version in force on ``on`` (today by default)."""
    on = on or timezone.localdate()
    return (
        rule_list.versions.filter(status=RuleListVersion.Status.PUBLISHED, effective_from__lte=on)
        .order_by("-effective_from", "-number")
        .first()
    )


def latest_published(rule_list):
    return rule_list.versions.filter(status=RuleListVersion.Status.PUBLISHED).order_by("-number").first()


def draft_of(rule_list):
    return rule_list.versions.filter(status=RuleListVersion.Status.DRAFT).first()


def effective_version(agency, kind: str, on=None):
    """The agency's own list in force, else the national default (the policy profile falls back)."""
    for rule_list in (
        RuleList.objects.filter(kind=kind, agency=agency).first() if agency is not None else None,
        RuleList.objects.filter(kind=kind, agency__isnull=True).first(),
    ):
        if rule_list is not None:
            version = current_version(rule_list, on)
            if version is not None:
                return version
    return None


def procedure_for(agency, code: str, on=None):
    version = effective_version(agency, RuleList.Kind.PROCEDURES, on)
    if version is None:
        return None
    return Procedure.objects.filter(version=version, code=code).first()


def av_mode(agency, procedure_code: str, stage_code: str, on=None) -> str | None:
    """R4: the AV list's entry for a stage, else the procedure's own default."""
    version = effective_version(agency, RuleList.Kind.AV, on)
    if version is not None:
        entry = AvRequirement.objects.filter(version=version, procedure_code=procedure_code, stage_code=stage_code).first()
        if entry is not None:
            return entry.mode
    procedure = procedure_for(agency, procedure_code, on)
    if procedure is None:
        return None
    stage = _procedures.stage(procedure.definition, stage_code)
    return stage.get("av", "text") if stage else None


def item(user, pk):
    """An enforcement item of a version the user may see, or ``None``."""
    return EnforcementItem.objects.select_related("power", "version__rule_list__agency").filter(
        pk=pk, version__in=visible_versions(user)
    ).first()


def _plus_one_month(day: datetime.date) -> datetime.date:
    month = day.month % 12 + 1
    year = day.year + (day.month == 12)
    import calendar as _cal

    return day.replace(year=year, month=month, day=min(day.day, _cal.monthrange(year, month)[1]))


def revision_due(rule_list, today: datetime.date | None = None) -> list:
    """P9: linked laws that changed more than a month ago with no version of this list published since."""
    today = today or timezone.localdate()
    latest = latest_published(rule_list)
    published_on = timezone.localdate(latest.published_at) if latest and latest.published_at else None
    due = []
    for law in rule_list.laws.exclude(changed_on__isnull=True):
        if _plus_one_month(law.changed_on) < today and (published_on is None or published_on < law.changed_on):
            due.append(law)
    return due


def overdue_lists(user, today=None) -> list[tuple]:
    return [(rl, laws) for rl in rule_lists(user).prefetch_related("laws") if (laws := revision_due(rl, today))]


def first_violation_list(user):
    """PL Art. 33: benchmarks in force (visible to the user) whose first violation may go unpunished."""
    from .models import DiscretionBenchmark

    versions = [current_version(rl) for rl in rule_lists(user, kind=RuleList.Kind.DISCRETION)]
    return DiscretionBenchmark.objects.filter(
        version__in=[v for v in versions if v], first_violation_exempt=True
    ).select_related("version__rule_list__agency").order_by("version__rule_list__agency__name", "code")
