"""is_major (L2, L7, PL Art. 58): every rule kind, the statutory scope that no catalog can drop."""

from decimal import Decimal

import pytest

from zhifa.catalog import services
from zhifa.catalog.major import Facts, is_major, rule_param_errors
from zhifa.catalog.models import MajorDecisionRule, RuleList
from zhifa.catalog.services import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(national_major):
    return national_major


@pytest.fixture
def agency_catalog(agency):
    """An agency catalog with one rule of every kind (published)."""
    rule_list = services.create_list(SYSTEM, kind=RuleList.Kind.MAJOR, name="本局目录", agency=agency)
    draft = services.start_draft(SYSTEM, rule_list)
    K = MajorDecisionRule.Kind
    for kind, name, params in [
        (K.ACTION_KIND, "行政裁决决定", {"action_kinds": ["adjudication"]}),
        (K.PENALTY_KIND, "吊销许可证件", {"kinds": ["revoke_licence"]}),
        (K.AMOUNT, "较大数额罚款", {"action_kinds": ["penalty"], "thresholds": {"person": "5000", "organisation": "50000"}}),
        (K.HEARING, "听证后决定", {}),
        (K.COMPLEXITY, "疑难复杂", {}),
        (K.DOMAIN, "食品药品领域", {"domains": ["食品药品"]}),
    ]:
        services.save_entry(SYSTEM, draft, MajorDecisionRule, {"kind": kind, "name": name, "params": params})
    return services.publish(SYSTEM, draft, effective_from=agency.created_at.date())


def kinds(matches):
    return [m.kind for m in matches]


def test_an_ordinary_small_penalty_is_not_major(catalog):
    assert is_major(Facts(penalty_kinds=["fine"], amount=Decimal("3000")), catalog) == (False, [])


@pytest.mark.parametrize(
    ("facts", "kind", "reason"),
    [
        (Facts(action_kind="adjudication"), "action_kind", "行为类别为行政裁决"),
        (Facts(penalty_kinds=["fine", "revoke_licence"]), "penalty_kind", "拟给予吊销许可证件"),
        (Facts(amount=Decimal("50000"), party_type="organisation"), "amount", "对法人或者其他组织涉案金额50,000.00元，达到50,000.00元的标准"),
        (Facts(amount=Decimal("5000"), party_type="person"), "amount", "对公民涉案金额5,000.00元，达到5,000.00元的标准"),
        (Facts(amount=Decimal("5000"), party_type="individual_business"), "amount", "个体工商户"),
        (Facts(domain="食品药品"), "domain", "属于食品药品领域"),
    ],
)
def test_l2_each_catalog_rule_kind_matches(agency_catalog, facts, kind, reason):
    major, matches = is_major(facts, agency_catalog)
    assert major and kind in kinds(matches)
    assert any(reason in m.reason for m in matches if m.kind == kind)


def test_hearing_and_complexity_rules_sit_beside_the_statutory_scope(agency_catalog):
    _, matches = is_major(Facts(hearing_held=True), agency_catalog)
    assert kinds(matches) == ["statutory", "hearing"]
    _, matches = is_major(Facts(multiple_legal_relations=True), agency_catalog)
    assert kinds(matches) == ["statutory", "complexity"]


@pytest.mark.parametrize(
    ("facts", "near_miss"),
    [
        (Facts(amount=Decimal("49999.99"), party_type="organisation"), "amount"),
        (Facts(amount=Decimal("4999.99"), party_type="person"), "amount"),
        (Facts(action_kind="licence", amount=Decimal("900000")), "amount"),  # the amount rule is for penalties
        (Facts(domain="生态环境"), "domain"),
        (Facts(penalty_kinds=["warning"]), "penalty_kind"),
    ],
)
def test_rules_do_not_match_below_or_outside_their_scope(agency_catalog, facts, near_miss):
    assert is_major(facts, agency_catalog) == (False, [])


@pytest.mark.parametrize(
    "attr",
    ["major_public_interest", "major_social_impact", "major_rights", "hearing_held", "complex_case",
     "multiple_legal_relations", "required_by_law"],
)
def test_l2_the_statutory_scope_applies_without_any_catalog(attr):
    major, matches = is_major(Facts(**{attr: True}))
    assert major and matches[0].statutory and "第五十八条" in matches[0].basis


def test_l7_an_agency_may_review_every_penalty_and_compulsion_decision(agency):
    rule_list = services.create_list(SYSTEM, kind=RuleList.Kind.MAJOR, name="全覆盖", agency=agency)
    draft = services.start_draft(SYSTEM, rule_list)
    services.save_entry(SYSTEM, draft, MajorDecisionRule, {
        "kind": "review_all", "name": "行政处罚和行政强制决定全部法制审核", "params": {"action_kinds": ["penalty", "compulsion"]}})
    version = services.publish(SYSTEM, draft, effective_from=agency.created_at.date())
    for action in ("penalty", "compulsion"):
        major, matches = is_major(Facts(action_kind=action, penalty_kinds=["warning"]), version)
        assert major and matches[0].reason.startswith("本机关对") and matches[0].reason.endswith("决定全部进行法制审核")
    assert is_major(Facts(action_kind="licence"), version) == (False, [])


def test_the_national_catalog_ships_heavy_penalties_and_large_amounts(catalog):
    assert is_major(Facts(penalty_kinds=["suspend_business"]), catalog)[0]
    assert is_major(Facts(amount=Decimal("100000"), party_type="organisation"), catalog)[0]
    assert not is_major(Facts(amount=Decimal("99999.99"), party_type="organisation"), catalog)[0]


def test_bad_party_types_and_bad_parameters_are_refused():
    with pytest.raises(ValueError, match="当事人类型“company”无效"):
        is_major(Facts(party_type="company"))
    assert rule_param_errors("penalty_kind", {"kinds": ["flogging"]}) == ["参数“kinds”含有无效的处罚种类：flogging"]
    assert rule_param_errors("amount", {"thresholds": {"person": "-1"}}) == ["“公民”的金额标准必须是正数"]
    assert rule_param_errors("amount", {}) == ["参数“thresholds”必须按当事人类型（person / organisation / individual_business）给出金额"]
    assert rule_param_errors("domain", {"domains": []}) == ["参数“domains”必须是非空列表（执法领域）"]
    assert rule_param_errors("review_all", {"action_kinds": ["licence", "x"]}) == ["参数“action_kinds”含有无效的行为类别：x"]
    assert rule_param_errors("hearing", []) == ["规则参数必须是JSON对象"]
    assert rule_param_errors("nonsense", {}) == ["规则类型“nonsense”无效"]
