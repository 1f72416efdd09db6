"""An agency's disclosure rules in force: its own :class:`DisclosurePolicy`, else the national defaults."""

import datetime
import re

from . import masking
from .models import Category, DisclosurePolicy, parse_patterns

# Which issued documents are decisions to disclose, and their category (P12). Records, notices and
# forms are not decisions; a no-penalty decision is a decision of the penalty procedure.
DECISION_TEMPLATES = {
    "penalty_decision": Category.PENALTY,
    "no_penalty_decision": Category.PENALTY,
    "summary_decision": Category.PENALTY,
    "licence_grant": Category.LICENCE,
    "licence_refusal": Category.LICENCE,
    "seizure_decision": Category.COMPULSION,
}


def policy_for(agency) -> DisclosurePolicy:
    """The agency's saved policy, or an unsaved one holding the national defaults."""
    found = DisclosurePolicy.objects.filter(agency=agency).first() if agency is not None else None
    return found or DisclosurePolicy(agency=agency)


def days_for(policy: DisclosurePolicy, category: str) -> int:
    return {Category.PENALTY: policy.penalty_days, Category.LICENCE: policy.licence_days}.get(
        category, policy.other_days)


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def public_phones(agency) -> frozenset:
    """Numbers the agency publishes itself (its own and its departments'): never masked."""
    numbers = set()
    if agency is not None:
        for value in [agency.phone, *agency.departments.values_list("phone", flat=True)]:
            for part in re.split(r"[，,、;；/\s]+", value or ""):
                if len(_digits(part)) >= 7:
                    numbers.add(_digits(part))
    return frozenset(numbers)


def rules_for(policy: DisclosurePolicy) -> masking.Rules:
    categories = frozenset(policy.masked_categories or masking.SWITCHABLE)
    return masking.Rules(categories=categories, patterns=parse_patterns(policy.extra_patterns),
                         public_phones=public_phones(policy.agency))


def report_due_on(policy: DisclosurePolicy, year: int) -> datetime.date:
    """P14: the report on ``year`` is due on the configured day of the following year (31 January by default)."""
    return datetime.date(year + 1, policy.report_due_month, policy.report_due_day)
