"""The major-decision review catalog (L2, L7): does a decision need legal review, and by which rule.

The statutory scope is built in and cannot be removed by any catalog: PL Art. 58 and the State
Council guidance (国办发〔2018〕118号) — major public interest, major social impact or risk, major
rights of a party or third party, decisions after a hearing, complex cases with several legal
relations, and review required by another law. A catalog adds rules over action kind, penalty
kinds, amounts by party type, hearing, complexity and domain; ``review_all`` is an agency's
choice to review every penalty and compulsion decision (L7).
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .models import MajorDecisionRule, PenaltyKind, PowerKind

PARTY_TYPES = {"person": "公民", "organisation": "法人或者其他组织", "individual_business": "个体工商户"}
STATUTORY_BASIS = "《中华人民共和国行政处罚法》第五十八条；国务院办公厅《关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》"


@dataclass
class Facts:
    action_kind: str = PowerKind.PENALTY
    penalty_kinds: list = field(default_factory=list)
    amount: Decimal = Decimal("0")
    party_type: str = "organisation"
    hearing_held: bool = False
    complex_case: bool = False
    multiple_legal_relations: bool = False
    domain: str = ""
    major_public_interest: bool = False
    major_social_impact: bool = False
    major_rights: bool = False
    required_by_law: bool = False


@dataclass
class Match:
    name: str
    kind: str
    reason: str
    basis: str
    statutory: bool = False
    rule_id: int | None = None


STATUTORY_RULES = [
    ("major_public_interest", "涉及重大公共利益", "涉及重大公共利益"),
    ("major_social_impact", "可能造成重大社会影响或引发社会风险", "可能造成重大社会影响或引发社会风险"),
    ("major_rights", "直接关系当事人或者第三人重大权益", "直接关系当事人或者第三人重大权益"),
    ("hearing_held", "经过听证程序作出的决定", "已经过听证程序"),
    ("complex_case", "案件情况疑难复杂", "案件情况疑难复杂"),
    ("multiple_legal_relations", "涉及多个法律关系", "涉及多个法律关系"),
    ("required_by_law", "法律、法规规定应当进行法制审核的其他情形", "法律、法规规定应当进行法制审核"),
]


def _decimal(value):
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _list_of(params, key, allowed, label) -> list[str]:
    values = params.get(key)
    if not isinstance(values, list) or not values:
        return [f"参数“{key}”必须是非空列表（{label}）"]
    bad = [str(v) for v in values if allowed is not None and v not in allowed]
    return [f"参数“{key}”含有无效的{label}：{'、'.join(bad)}"] if bad else []


def rule_param_errors(kind: str, params) -> list[str]:
    """Chinese messages for parameters that do not fit the rule kind."""
    if not isinstance(params, dict):
        return ["规则参数必须是JSON对象"]
    K = MajorDecisionRule.Kind
    errors = []
    if kind in (K.ACTION_KIND, K.REVIEW_ALL):
        errors += _list_of(params, "action_kinds", PowerKind.values, "行为类别")
    elif kind == K.PENALTY_KIND:
        errors += _list_of(params, "kinds", PenaltyKind.values, "处罚种类")
    elif kind == K.AMOUNT:
        thresholds = params.get("thresholds")
        if not isinstance(thresholds, dict) or not thresholds:
            errors.append("参数“thresholds”必须按当事人类型（person / organisation / individual_business）给出金额")
        else:
            for party, value in thresholds.items():
                if party not in PARTY_TYPES:
                    errors.append(f"当事人类型“{party}”无效")
                number = _decimal(value)
                if number is None or number <= 0:
                    errors.append(f"“{PARTY_TYPES.get(party, party)}”的金额标准必须是正数")
    elif kind == K.DOMAIN:
        errors += _list_of(params, "domains", None, "执法领域")
    elif kind not in (K.HEARING, K.COMPLEXITY):
        errors.append(f"规则类型“{kind}”无效")
    if "action_kinds" in params and kind not in (K.ACTION_KIND, K.REVIEW_ALL):
        errors += _list_of(params, "action_kinds", PowerKind.values, "行为类别")
    return errors


def _applies_to_action(rule, facts) -> bool:
    kinds = rule.params.get("action_kinds")
    return not kinds or facts.action_kind in kinds


def _match_rule(rule, facts: Facts) -> str | None:
    K = MajorDecisionRule.Kind
    if rule.kind == K.REVIEW_ALL:
        if facts.action_kind in rule.params["action_kinds"]:
            return f"本机关对{PowerKind(facts.action_kind).label}决定全部进行法制审核"
        return None
    if not _applies_to_action(rule, facts):
        return None
    if rule.kind == K.ACTION_KIND:
        return f"行为类别为{PowerKind(facts.action_kind).label}"
    if rule.kind == K.PENALTY_KIND:
        hit = [PenaltyKind(k).label for k in facts.penalty_kinds if k in rule.params["kinds"]]
        return f"拟给予{'、'.join(hit)}" if hit else None
    if rule.kind == K.AMOUNT:
        thresholds = rule.params["thresholds"]
        party = facts.party_type
        threshold = thresholds.get(party) or (thresholds.get("person") if party == "individual_business" else None)
        if threshold is None:
            return None
        threshold = Decimal(str(threshold))
        if Decimal(facts.amount) >= threshold:
            return f"对{PARTY_TYPES[party]}涉案金额{Decimal(facts.amount):,.2f}元，达到{threshold:,.2f}元的标准"
        return None
    if rule.kind == K.HEARING:
        return "已经过听证程序" if facts.hearing_held else None
    if rule.kind == K.COMPLEXITY:
        if facts.complex_case or facts.multiple_legal_relations:
            return "案件情况疑难复杂或涉及多个法律关系"
        return None
    if rule.kind == K.DOMAIN:
        return f"属于{facts.domain}领域" if facts.domain and facts.domain in rule.params["domains"] else None
    return None


def statutory_matches(facts: Facts) -> list[Match]:
    return [
        Match(name=name, kind="statutory", reason=reason, basis=STATUTORY_BASIS, statutory=True)
        for attr, name, reason in STATUTORY_RULES
        if getattr(facts, attr)
    ]


def is_major(facts: Facts, version=None) -> tuple[bool, list[Match]]:
    """Whether the decision must pass legal review before the head decides (PL Art. 58), with every rule that matched."""
    if facts.party_type not in PARTY_TYPES:
        raise ValueError(f"当事人类型“{facts.party_type}”无效，应为：{'、'.join(PARTY_TYPES)}")
    matches = statutory_matches(facts)
    if version is not None:
        for rule in MajorDecisionRule.objects.filter(version=version).order_by("pk"):
            reason = _match_rule(rule, facts)
            if reason:
                matches.append(Match(name=rule.name, kind=rule.kind, reason=reason, basis=rule.basis, rule_id=rule.pk))
    return bool(matches), matches
