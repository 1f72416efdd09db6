"""What a list version holds, per list kind: copy into a new draft, snapshot for the publication digest."""

import hashlib

from django.forms.models import model_to_dict

from zhifa.ledger.canonical import canonicalize, to_jsonable

from .models import (
    AvRequirement,
    DiscretionBenchmark,
    EnforcementItem,
    MajorDecisionRule,
    Power,
    Procedure,
    RuleList,
)

ENTRY_MODELS = {
    RuleList.Kind.POWERS: [Power, EnforcementItem],
    RuleList.Kind.PROCEDURES: [Procedure],
    RuleList.Kind.DISCRETION: [DiscretionBenchmark],
    RuleList.Kind.MAJOR: [MajorDecisionRule],
    RuleList.Kind.AV: [AvRequirement],
}


def entries(version, model):
    return model.objects.filter(version=version).order_by("pk")


def _fields(obj, exclude=("id", "version")) -> dict:
    return {k: v for k, v in model_to_dict(obj).items() if k not in exclude}


def copy_content(source, target):
    """Copy every row of ``source`` into the draft ``target``, keeping links between rows."""
    power_map = {}
    for power in entries(source, Power):
        old = power.pk
        power.pk = None
        power.version = target
        power.save()
        power_map[old] = power
    for item in entries(source, EnforcementItem):
        item.pk = None
        item.version = target
        item.power = power_map[item.power_id]
        item.save()
    for model in (Procedure, MajorDecisionRule, AvRequirement):
        for row in entries(source, model):
            row.pk = None
            row.version = target
            row.save()
    for benchmark in entries(source, DiscretionBenchmark):
        tiers = list(benchmark.tiers.order_by("pk"))
        benchmark.pk = None
        benchmark.version = target
        benchmark.save()
        for tier in tiers:
            tier.pk = None
            tier.benchmark = benchmark
            tier.save()


def snapshot(version) -> dict:
    kind = version.rule_list.kind
    data = {}
    for model in ENTRY_MODELS[kind]:
        rows = []
        for row in entries(version, model):
            fields = _fields(row)
            if model is EnforcementItem:
                fields["power"] = row.power.code
            if model is DiscretionBenchmark:
                fields["tiers"] = [_fields(t, exclude=("id", "benchmark")) for t in row.tiers.order_by("pk")]
            rows.append(fields)
        data[model._meta.model_name] = rows
    return to_jsonable(data)


def digest(version) -> str:
    return hashlib.sha256(canonicalize(snapshot(version))).hexdigest()


def count(version) -> int:
    return sum(entries(version, m).count() for m in ENTRY_MODELS[version.rule_list.kind])
