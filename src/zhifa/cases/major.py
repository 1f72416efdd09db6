"""Whether a case's decision is major (PL Art. 58), from the case's facts and the agency's catalog."""

from decimal import Decimal

from zhifa.catalog.major import STATUTORY_RULES, Facts, is_major
from zhifa.catalog.models import RuleList
from zhifa.catalog.selectors import effective_version

CIRCUMSTANCES = {attr: name for attr, name, _ in STATUTORY_RULES if attr != "hearing_held"}
PARTY_TYPE = {"natural": "person", "individual_business": "individual_business"}


def facts_of(case) -> Facts:
    party = next((link.party for link in case.case_parties.select_related("party")), None)
    circumstances = set(case.circumstances or [])
    return Facts(
        action_kind=case.procedure.kind,
        penalty_kinds=list(case.penalty_kinds or []),
        amount=(case.fine_amount or Decimal("0")) + (case.confiscation_amount or Decimal("0")),
        party_type=PARTY_TYPE.get(party.kind, "organisation") if party else "organisation",
        hearing_held=case.visits.filter(stage="hearing").exists(),
        domain=case.agency.domain,
        **{attr: attr in circumstances for attr in CIRCUMSTANCES},
    )


def major_decision(case):
    """``(is_major, matches)`` under the agency's major-decision catalog in force (or the national one)."""
    return is_major(facts_of(case), effective_version(case.agency, RuleList.Kind.MAJOR))
