"""Discretion benchmarks (P7): is a proposed penalty inside the tier the officer chose, and why.

Ranges are fixed amounts in yuan or multiples of a base (illegal gains, goods value, fees), as
benchmarks publish them (“货值金额十倍以上二十倍以下”). Bounds are inclusive (以上 / 以下 include
the figure itself) and money is ``Decimal`` with two places.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .models import DiscretionTier, PenaltyKind, Tier

CENT = Decimal("0.01")
BASE_FIELDS = {
    DiscretionTier.FineBasis.ILLEGAL_GAINS: ("illegal_gains", "违法所得"),
    DiscretionTier.FineBasis.GOODS_VALUE: ("goods_value", "货值金额"),
    DiscretionTier.FineBasis.FEES: ("fees", "广告费用等计罚费用"),
}


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def yuan(value: Decimal) -> str:
    return f"{money(value):,}元"


@dataclass
class ProposedPenalty:
    kinds: list = field(default_factory=list)
    fine: Decimal | None = None
    illegal_gains: Decimal | None = None
    goods_value: Decimal | None = None
    fees: Decimal | None = None

    def __post_init__(self):
        for name in ("fine", "illegal_gains", "goods_value", "fees"):
            value = getattr(self, name)
            if value is not None:
                setattr(self, name, money(value))
        if self.fine and PenaltyKind.FINE not in self.kinds:
            self.kinds = [*self.kinds, PenaltyKind.FINE]


@dataclass
class CheckResult:
    inside: bool
    reasons: list
    fine_min: Decimal | None = None
    fine_max: Decimal | None = None


def fine_range(tier: DiscretionTier, proposed: ProposedPenalty) -> tuple[Decimal, Decimal] | str:
    """The tier's fine bounds in yuan, or why they cannot be computed."""
    if tier.fine_basis == DiscretionTier.FineBasis.FIXED:
        return money(tier.fine_min), money(tier.fine_max)
    name, label = BASE_FIELDS[tier.fine_basis]
    base = getattr(proposed, name)
    if base is None or base <= 0:
        return f"该阶次按{label}的倍数计算罚款，必须提供{label}"
    return money(base * tier.fine_min), money(base * tier.fine_max)


def describe_tier(tier: DiscretionTier) -> str:
    kinds = "、".join(PenaltyKind(k).label for k in tier.penalty_kinds) or "不予处罚"
    if tier.fine_basis == DiscretionTier.FineBasis.FIXED:
        return f"{kinds}；罚款{yuan(tier.fine_min)}以上{yuan(tier.fine_max)}以下"
    if tier.fine_basis in BASE_FIELDS:
        label = BASE_FIELDS[tier.fine_basis][1]
        return f"{kinds}；罚款为{label}的{tier.fine_min.normalize():f}倍以上{tier.fine_max.normalize():f}倍以下"
    return kinds


def check(benchmark, tier: str, proposed: ProposedPenalty) -> CheckResult:
    """Whether ``proposed`` lies inside ``tier`` of ``benchmark``; the reasons are in Chinese either way."""
    label = Tier(tier).label if tier in Tier.values else tier
    chosen = benchmark.tiers.filter(tier=tier).first()
    if chosen is None:
        return CheckResult(False, [f"裁量基准“{benchmark.violation}”未设定“{label}”阶次"])
    unknown = [k for k in proposed.kinds if k not in PenaltyKind.values]
    if unknown:
        return CheckResult(False, [f"“{'、'.join(unknown)}”不是行政处罚法第九条规定的处罚种类"])
    if chosen.tier == Tier.NONE:
        if proposed.kinds:
            given = "、".join(PenaltyKind(k).label for k in proposed.kinds)
            return CheckResult(False, [f"“不予处罚”阶次不得给予处罚，拟给予：{given}"])
        return CheckResult(True, [f"符合“不予处罚”阶次：{chosen.circumstances}"])
    reasons, inside = [], True
    if not proposed.kinds:
        return CheckResult(False, [f"“{label}”阶次应给予处罚，但未提出任何处罚种类"])
    extra = [PenaltyKind(k).label for k in proposed.kinds if k not in chosen.penalty_kinds]
    if extra:
        inside = False
        allowed = "、".join(PenaltyKind(k).label for k in chosen.penalty_kinds)
        reasons.append(f"处罚种类“{'、'.join(extra)}”不在“{label}”阶次允许的种类（{allowed}）之内")
    low = high = None
    if PenaltyKind.FINE in proposed.kinds and PenaltyKind.FINE in chosen.penalty_kinds:
        bounds = fine_range(chosen, proposed)
        if isinstance(bounds, str):
            return CheckResult(False, [*reasons, bounds])
        low, high = bounds
        if proposed.fine is None:
            inside = False
            reasons.append("拟处罚款但未填写罚款金额")
        elif proposed.fine < low:
            inside = False
            reasons.append(f"罚款{yuan(proposed.fine)}低于“{label}”阶次下限{yuan(low)}")
        elif proposed.fine > high:
            inside = False
            reasons.append(f"罚款{yuan(proposed.fine)}高于“{label}”阶次上限{yuan(high)}")
        else:
            reasons.append(f"罚款{yuan(proposed.fine)}在“{label}”阶次{yuan(low)}至{yuan(high)}之间")
    if inside:
        reasons.insert(0, f"符合“{label}”阶次：{describe_tier(chosen)}")
    return CheckResult(inside, reasons, low, high)
