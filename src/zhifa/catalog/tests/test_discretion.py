"""Discretion benchmarks (P7): tier boundaries are inclusive; outside answers say why in Chinese."""

from decimal import Decimal

import pytest

from zhifa.catalog.discretion import ProposedPenalty, check, describe_tier
from zhifa.catalog.models import DiscretionBenchmark, DiscretionTier

pytestmark = pytest.mark.django_db


@pytest.fixture
def benchmarks(national_discretion):
    version = national_discretion
    return {b.code: b for b in DiscretionBenchmark.objects.filter(version=version)}


def fine(amount, **extra):
    return ProposedPenalty(kinds=["fine"], fine=Decimal(amount), **extra)


@pytest.mark.parametrize(
    ("tier", "amount", "inside"),
    [
        ("general", "65000", True), ("general", "85000", True), ("general", "64999.99", False),
        ("general", "85000.01", False), ("lighter", "50000", True), ("lighter", "65000", True),
        ("lighter", "49999.99", False), ("heavier", "100000", True), ("heavier", "100000.01", False),
        ("mitigated", "10000", True), ("mitigated", "49999.99", True), ("mitigated", "50000", False),
    ],
)
def test_p7_fixed_amount_tier_boundaries(benchmarks, tier, amount, inside):
    result = check(benchmarks["SP-124-1"], tier, fine(amount))
    assert result.inside is inside, result.reasons


def test_p7_multiples_of_goods_value_scale_the_range(benchmarks):
    benchmark = benchmarks["SP-124-2"]
    inside = check(benchmark, "general", fine("260000", goods_value=Decimal("20000")))
    assert inside.inside and (inside.fine_min, inside.fine_max) == (Decimal("260000.00"), Decimal("340000.00"))
    assert "罚款260,000.00元在“一般处罚”阶次260,000.00元至340,000.00元之间" in inside.reasons
    assert check(benchmark, "general", fine("340000", goods_value=Decimal("20000"))).inside
    low = check(benchmark, "general", fine("259999.99", goods_value=Decimal("20000")))
    assert not low.inside and "低于“一般处罚”阶次下限260,000.00元" in low.reasons[0]
    high = check(benchmark, "heavier", fine("400000.01", goods_value=Decimal("20000")))
    assert not high.inside and "高于“从重处罚”阶次上限400,000.00元" in high.reasons[0]


def test_a_multiple_needs_its_base(benchmarks):
    result = check(benchmarks["SP-124-2"], "general", fine("260000"))
    assert not result.inside and result.reasons == ["该阶次按货值金额的倍数计算罚款，必须提供货值金额"]


def test_kinds_outside_the_tier_are_named(benchmarks):
    proposed = ProposedPenalty(kinds=["fine", "revoke_licence"], fine=Decimal("70000"))
    result = check(benchmarks["SP-124-1"], "general", proposed)
    assert not result.inside
    assert result.reasons[0] == "处罚种类“吊销许可证件”不在“一般处罚”阶次允许的种类（罚款、没收违法所得、没收非法财物）之内"
    assert check(benchmarks["SP-124-1"], "heavier", ProposedPenalty(kinds=["fine", "revoke_licence"],
                                                                      fine=Decimal("90000"))).inside


def test_p7_no_penalty_tier_and_the_first_violation_list(benchmarks):
    benchmark = benchmarks["SR-36-6"]
    assert benchmark.first_violation_exempt and "初次违法" in benchmark.first_violation_conditions
    assert check(benchmark, "none", ProposedPenalty()).inside
    result = check(benchmark, "none", ProposedPenalty(kinds=["warning"]))
    assert not result.inside and result.reasons == ["“不予处罚”阶次不得给予处罚，拟给予：警告"]
    exempt = DiscretionBenchmark.objects.filter(version=benchmark.version, first_violation_exempt=True)
    assert set(exempt.values_list("code", flat=True)) == {"SR-36-6", "GG-57-1"}


def test_missing_tiers_unknown_kinds_and_empty_proposals(benchmarks):
    benchmark = benchmarks["SP-124-1"]
    assert check(benchmark, "none", ProposedPenalty()).reasons == [
        "裁量基准“生产经营超范围、超限量使用食品添加剂的食品（货值金额不足一万元）”未设定“不予处罚”阶次"]
    assert "不是行政处罚法第九条规定的处罚种类" in check(benchmark, "general", ProposedPenalty(kinds=["flogging"])).reasons[0]
    assert "未提出任何处罚种类" in check(benchmark, "general", ProposedPenalty()).reasons[0]
    assert check(benchmark, "general", ProposedPenalty(kinds=["fine"])).reasons == ["拟处罚款但未填写罚款金额"]


def test_a_fine_amount_implies_the_fine_kind_and_money_is_rounded_to_cents():
    proposed = ProposedPenalty(kinds=["warning"], fine=Decimal("200.005"))
    assert proposed.kinds == ["warning", "fine"] and proposed.fine == Decimal("200.01")


def test_tier_descriptions(benchmarks):
    tiers = {t.tier: t for t in benchmarks["SP-124-2"].tiers.all()}
    assert describe_tier(tiers["general"]) == "罚款、没收违法所得、没收非法财物；罚款为货值金额的13倍以上17倍以下"
    warning_only = DiscretionTier.objects.get(benchmark=benchmarks["SR-36-6"], tier="lighter")
    assert describe_tier(warning_only) == "警告"
