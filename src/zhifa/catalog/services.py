"""Every change to rule lists (P4–P9, R3, R4, L2, L7).

Content is edited only in a draft; ``publish`` freezes a draft with an effective date and a
digest of its content and journals it. Each function checks permission, validates the whole
record (Chinese message per field, nothing saved on error) and journals in its transaction.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from zhifa.ledger.services import append

from . import content, selectors
from .models import (
    IMMUTABLE,
    AvRequirement,
    DiscretionBenchmark,
    DiscretionTier,
    EnforcementItem,
    MajorDecisionRule,
    Power,
    Procedure,
    RuleList,
    RuleListVersion,
)
from .permissions import can_manage, can_manage_agency
from .procedures import stage as procedure_stage

SYSTEM = object()  # shipped national defaults are loaded by the system, not by a user


def _actor(actor):
    return None if actor is SYSTEM else actor


def _require(allowed: bool, message="只有本区划的系统管理员可以维护清单"):
    if not allowed:
        raise PermissionDenied(message)


def require_manager(actor, rule_list):
    if actor is SYSTEM:
        return
    _require(can_manage(actor, rule_list), "国家默认清单不能直接修改，请先采用为本机关清单" if rule_list.is_national
             else "只有本区划的系统管理员可以维护该清单")


def require_draft(version):
    locked = RuleListVersion.objects.select_for_update().filter(pk=version.pk).order_by().values_list("status", flat=True).first()
    if locked != RuleListVersion.Status.DRAFT:
        raise ValidationError(IMMUTABLE)


@transaction.atomic
def create_list(actor, *, kind: str, name: str, agency=None, laws=()) -> RuleList:
    if actor is not SYSTEM:
        if agency is None:
            raise PermissionDenied("国家默认清单随系统发布，不能新建")
        _require(can_manage_agency(actor, agency))
    rule_list = RuleList(kind=kind, name=name, agency=agency)
    rule_list.full_clean()
    rule_list.save()
    rule_list.laws.set(laws)
    append("catalog.list_created", rule_list, _actor(actor), agency,
           {"kind": kind, "name": name, "laws": sorted(law.title for law in laws)})
    return rule_list


@transaction.atomic
def adopt(actor, source: RuleList, agency, name: str = "") -> RuleList:
    """Copy a (national) list's version in force into a new draft of the agency's own list."""
    version = selectors.current_version(source) or selectors.latest_published(source)
    if version is None:
        raise ValidationError("来源清单尚无已发布的版本")
    if RuleList.objects.filter(kind=source.kind, agency=agency).exists():
        raise ValidationError({"agency": f"{agency}已有{source.get_kind_display()}，请在原清单上修订"})
    rule_list = create_list(actor, kind=source.kind, name=name or f"{agency.name}{source.get_kind_display()}",
                            agency=agency, laws=list(source.laws.all()))
    rule_list.source = source
    rule_list.save(update_fields=["source"])
    draft = RuleListVersion.objects.create(rule_list=rule_list, number=1, note=f"采用“{source.name}”第{version.number}版")
    content.copy_content(version, draft)
    append("catalog.list_adopted", rule_list, _actor(actor), agency,
           {"source": source.pk, "source_version": version.number, "draft": draft.pk})
    return rule_list


@transaction.atomic
def start_draft(actor, rule_list: RuleList, note: str = "") -> RuleListVersion:
    """Editing makes a draft: a copy of the latest published version (P9)."""
    require_manager(actor, rule_list)
    RuleList.objects.select_for_update().filter(pk=rule_list.pk).order_by().values_list("pk", flat=True).first()
    if selectors.draft_of(rule_list) is not None:
        raise ValidationError("该清单已有未发布的草稿，请先发布或放弃该草稿")
    number = (rule_list.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = RuleListVersion.objects.create(rule_list=rule_list, number=number, note=note)
    base = selectors.latest_published(rule_list)
    if base is not None:
        content.copy_content(base, draft)
    append("catalog.draft_started", draft, _actor(actor), rule_list.agency,
           {"list": rule_list.pk, "number": number, "based_on": base.number if base else None})
    return draft


@transaction.atomic
def discard_draft(actor, version: RuleListVersion):
    require_manager(actor, version.rule_list)
    require_draft(version)
    payload = {"list": version.rule_list_id, "number": version.number}
    subject = ("catalog.rulelistversion", version.pk)
    for model in reversed(content.ENTRY_MODELS[version.rule_list.kind]):
        for row in content.entries(version, model):
            row.delete()
    version.delete()
    append("catalog.draft_discarded", subject, _actor(actor), version.rule_list.agency, payload)


ENTRY_TYPES = {
    "power": Power,
    "item": EnforcementItem,
    "procedure": Procedure,
    "benchmark": DiscretionBenchmark,
    "major_rule": MajorDecisionRule,
    "av": AvRequirement,
}


def entry_type_of(model) -> str:
    return next(k for k, m in ENTRY_TYPES.items() if m is model)


def _check_kind(version, model):
    if model not in content.ENTRY_MODELS[version.rule_list.kind]:
        raise ValidationError(f"{version.rule_list.get_kind_display()}中不能添加{model._meta.verbose_name}")


@transaction.atomic
def save_entry(actor, version: RuleListVersion, model, data: dict, instance=None):
    """Create or change one row of a draft."""
    require_manager(actor, version.rule_list)
    require_draft(version)
    _check_kind(version, model)
    if instance is not None and instance.version_id != version.pk:
        raise ValidationError("该条目不属于此版本")
    row = instance or model(version=version)
    for name, value in data.items():
        setattr(row, name, value)
    row.version = version
    row.full_clean()
    row.save()
    append("catalog.draft_changed", version, _actor(actor), version.rule_list.agency,
           {"entry": entry_type_of(model), "id": row.pk, "action": "changed" if instance else "added"})
    return row


@transaction.atomic
def delete_entry(actor, instance):
    version = instance.version
    require_manager(actor, version.rule_list)
    require_draft(version)
    model, pk = type(instance), instance.pk
    instance.delete()
    append("catalog.draft_changed", version, _actor(actor), version.rule_list.agency,
           {"entry": entry_type_of(model), "id": pk, "action": "deleted"})


@transaction.atomic
def save_tier(actor, benchmark: DiscretionBenchmark, data: dict, instance=None) -> DiscretionTier:
    version = benchmark.version
    require_manager(actor, version.rule_list)
    require_draft(version)
    tier = instance or DiscretionTier(benchmark=benchmark)
    if instance is not None and instance.benchmark_id != benchmark.pk:
        raise ValidationError("该阶次不属于此裁量基准")
    for name, value in data.items():
        setattr(tier, name, value)
    tier.full_clean()
    tier.save()
    append("catalog.draft_changed", version, _actor(actor), version.rule_list.agency,
           {"entry": "tier", "id": tier.pk, "benchmark": benchmark.code, "action": "changed" if instance else "added"})
    return tier


@transaction.atomic
def delete_tier(actor, tier: DiscretionTier):
    version = tier.benchmark.version
    require_manager(actor, version.rule_list)
    require_draft(version)
    pk = tier.pk
    tier.delete()
    append("catalog.draft_changed", version, _actor(actor), version.rule_list.agency,
           {"entry": "tier", "id": pk, "action": "deleted"})


def publication_errors(version) -> list[str]:
    """What must be fixed before a draft may be published."""
    kind = version.rule_list.kind
    errors = []
    if content.count(version) == 0:
        return ["不能发布空清单"]
    agency = version.rule_list.agency
    if kind == RuleList.Kind.POWERS:
        for item in content.entries(version, EnforcementItem):
            if item.procedure_code and selectors.procedure_for(agency, item.procedure_code) is None:
                errors.append(f"事项“{item.name}”引用的执法流程“{item.procedure_code}”不存在或未发布")
    elif kind == RuleList.Kind.DISCRETION:
        for benchmark in content.entries(version, DiscretionBenchmark):
            if not benchmark.tiers.exists():
                errors.append(f"裁量基准“{benchmark.violation}”没有设定任何裁量阶次")
    elif kind == RuleList.Kind.AV:
        for entry in content.entries(version, AvRequirement):
            procedure = selectors.procedure_for(agency, entry.procedure_code)
            if procedure is None:
                errors.append(f"音像记录事项引用的执法流程“{entry.procedure_code}”不存在或未发布")
            elif procedure_stage(procedure.definition, entry.stage_code) is None:
                errors.append(f"执法流程“{procedure.name}”没有环节“{entry.stage_code}”")
    return errors


@transaction.atomic
def publish(actor, version: RuleListVersion, effective_from: datetime.date | None, note: str = "") -> RuleListVersion:
    """Freeze a draft: from now on it is immutable, and the journal holds the digest of its content."""
    rule_list = version.rule_list
    require_manager(actor, rule_list)
    require_draft(version)
    if effective_from is None:
        raise ValidationError({"effective_from": "发布时必须填写生效日期"})
    latest = selectors.latest_published(rule_list)
    if latest is not None and latest.effective_from and effective_from < latest.effective_from:
        raise ValidationError({"effective_from": f"生效日期不得早于上一版本的生效日期（{latest.effective_from}）"})
    errors = publication_errors(version)
    if errors:
        raise ValidationError(errors)
    version.digest = content.digest(version)
    version.effective_from = effective_from
    version.note = note or version.note
    version.status = RuleListVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = _actor(actor)
    version.full_clean()
    version.save()
    append("catalog.version_published", version, _actor(actor), rule_list.agency,
           {"list": rule_list.pk, "kind": rule_list.kind, "name": rule_list.name, "number": version.number,
            "effective_from": effective_from, "digest": version.digest, "entries": content.count(version)})
    return version


@transaction.atomic
def set_laws(actor, rule_list: RuleList, laws) -> RuleList:
    require_manager(actor, rule_list)
    rule_list.laws.set(laws)
    append("catalog.list_laws_set", rule_list, _actor(actor), rule_list.agency,
           {"laws": sorted(law.title for law in laws)})
    return rule_list
