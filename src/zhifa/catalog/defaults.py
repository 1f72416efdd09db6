"""The shipped national defaults (DESIGN.md "Rules are data"), loaded as published versions.

Five procedures (penalty general and simple procedure, seizure/sealing, inspection, licence),
the AV-required list derived from their stages (R3, R4), the major-decision catalog beyond the
statutory scope (L2) and sample discretion benchmarks (P7). A jurisdiction adopts any of them.
"""

import datetime
import json
from pathlib import Path

from zhifa.laws.models import Law

from . import services
from .models import AvMode, DiscretionBenchmark, MajorDecisionRule, Procedure, RuleList
from .services import SYSTEM

DATA_DIR = Path(__file__).resolve().parent / "data"
EFFECTIVE = datetime.date(2021, 7, 15)  # PL 2021 in force
AV_BASIS = {
    AvMode.REQUIRED: "直接涉及重大财产权益的现场执法活动，推行全程音像记录",
    AvMode.AS_NEEDED: "现场执法、调查取证、举行听证、送达等容易引发争议的过程，根据实际情况音像记录",
    AvMode.TEXT: "文字记录能够全面有效记录执法行为的，可以不进行音像记录",
}


def _read(name):
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def national_procedures() -> list[dict]:
    return _read("national_procedures.json")


def _laws(titles):
    return list(Law.objects.filter(title__in=titles))


def _new_list(kind, name, law_titles):
    existing = RuleList.objects.filter(kind=kind, agency__isnull=True).first()
    if existing is not None:
        return None, None
    rule_list = services.create_list(SYSTEM, kind=kind, name=name, laws=_laws(law_titles))
    return rule_list, services.start_draft(SYSTEM, rule_list, note="国家默认")


ALL_KINDS = (RuleList.Kind.PROCEDURES, RuleList.Kind.AV, RuleList.Kind.MAJOR, RuleList.Kind.DISCRETION)


def load_national_defaults(kinds=ALL_KINDS) -> list:
    """Create every national list (of ``kinds``) that does not exist yet; returns the versions published."""
    published = []
    procedures = national_procedures()
    rule_list, draft = None, None
    if RuleList.Kind.PROCEDURES in kinds:
        rule_list, draft = _new_list(RuleList.Kind.PROCEDURES, "国家默认执法流程",
                                     ["中华人民共和国行政处罚法", "中华人民共和国行政强制法", "中华人民共和国行政许可法"])
    if draft:
        for p in procedures:
            services.save_entry(SYSTEM, draft, Procedure, {k: p[k] for k in ("code", "name", "kind", "description", "definition")})
        published.append(services.publish(SYSTEM, draft, EFFECTIVE))
    draft = _new_list(RuleList.Kind.AV, "国家默认音像记录事项清单", ["中华人民共和国行政处罚法"])[1] if (
        RuleList.Kind.AV in kinds) else None
    if draft:
        for p in procedures:
            for stage in p["definition"]["stages"]:
                mode = stage.get("av", AvMode.TEXT)
                services.save_entry(SYSTEM, draft, services.AvRequirement, {
                    "procedure_code": p["code"], "stage_code": stage["code"], "mode": mode, "basis": AV_BASIS[mode]})
        published.append(services.publish(SYSTEM, draft, EFFECTIVE))
    major = _read("national_major.json")
    draft = _new_list(RuleList.Kind.MAJOR, "国家默认重大执法决定法制审核目录清单", major["laws"])[1] if (
        RuleList.Kind.MAJOR in kinds) else None
    if draft:
        for rule in major["rules"]:
            services.save_entry(SYSTEM, draft, MajorDecisionRule, rule)
        published.append(services.publish(SYSTEM, draft, EFFECTIVE))
    discretion = _read("national_discretion.json")
    draft = _new_list(RuleList.Kind.DISCRETION, "行政处罚裁量基准（示例）", discretion["laws"])[1] if (
        RuleList.Kind.DISCRETION in kinds) else None
    if draft:
        for entry in discretion["benchmarks"]:
            tiers = entry.pop("tiers")
            benchmark = services.save_entry(SYSTEM, draft, DiscretionBenchmark, entry)
            for tier in tiers:
                services.save_tier(SYSTEM, benchmark, tier)
        published.append(services.publish(SYSTEM, draft, EFFECTIVE))
    return published
