"""Demo rules for the demo jurisdiction: the shipped library and national lists, and a published
powers and item list for each demo agency by its enforcement domain (市场监管, 生态环境, 城市管理)."""

import json

from django.utils import timezone

from . import services
from .defaults import DATA_DIR, EFFECTIVE, load_national_defaults
from .models import EnforcementItem, Power, RuleList
from .services import SYSTEM


def demo_powers() -> dict:
    return json.loads((DATA_DIR / "demo_powers.json").read_text(encoding="utf-8"))


def load_demo_powers(agency):
    """A published powers list for ``agency`` (by its domain); ``None`` when it has one or the domain has no demo data."""
    entries = demo_powers().get(agency.domain)
    if not entries or RuleList.objects.filter(kind=RuleList.Kind.POWERS, agency=agency).exists():
        return None
    rule_list = services.create_list(SYSTEM, kind=RuleList.Kind.POWERS, name=f"{agency.name}权责清单", agency=agency)
    draft = services.start_draft(SYSTEM, rule_list, note="演示数据")
    for entry in entries:
        entry = dict(entry)
        items = entry.pop("items")
        power = services.save_entry(SYSTEM, draft, Power, {**entry, "responsible_agency": agency.name})
        for item in items:
            services.save_entry(SYSTEM, draft, EnforcementItem, {**item, "power": power, "subject": agency.name})
    return services.publish(SYSTEM, draft, min(EFFECTIVE, timezone.localdate()))


def load_demo_rules(agencies) -> list:
    """Everything the demo needs from this app; idempotent. Call after the law library is loaded."""
    versions = load_national_defaults()
    for agency in agencies:
        version = load_demo_powers(agency)
        if version is not None:
            versions.append(version)
    return versions
