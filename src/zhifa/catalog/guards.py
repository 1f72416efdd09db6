"""The registry of transition guards: procedures name them, the case engine implements them.

A procedure definition is data, so it can only *name* the conditions a transition needs. The
names live here with a Chinese label and the rule each one stands for; validating a definition
needs nothing more. The case engine registers the implementation of each name with
:func:`implements` (``@implements("two_certified_officers")``) and asks :func:`evaluate`.
A name with no implementation yet is a known guard that cannot be evaluated: ``evaluate``
raises rather than pretending that the condition holds.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Guard:
    name: str
    label: str
    rule: str
    implementation: Callable | None = None


REGISTRY: dict[str, Guard] = {}


class GuardNotImplemented(LookupError):
    pass


def register(name: str, label: str, rule: str) -> Guard:
    if name in REGISTRY:
        raise ValueError(f"条件“{name}”已登记")
    REGISTRY[name] = Guard(name, label, rule)
    return REGISTRY[name]


def implements(name: str):
    """Decorator with which the case engine supplies a guard's implementation: ``fn(case, **context) -> (bool, reason)``."""

    def decorator(function):
        if name not in REGISTRY:
            raise LookupError(f"未登记的流转条件“{name}”")
        REGISTRY[name].implementation = function
        return function

    return decorator


def is_known(name: str) -> bool:
    return name in REGISTRY


def label(name: str) -> str:
    guard = REGISTRY.get(name)
    return guard.label if guard else name


def evaluate(name: str, case, **context):
    guard = REGISTRY.get(name)
    if guard is None:
        raise LookupError(f"未登记的流转条件“{name}”")
    if guard.implementation is None:
        raise GuardNotImplemented(f"流转条件“{guard.label}”尚未实现")
    return guard.implementation(case, **context)


for _name, _label, _rule in [
    ("two_certified_officers", "两名以上持证执法人员", "执法人员不得少于两人，均持有效执法证（行政处罚法第四十二条、行政强制法第十八条）"),
    ("documents_issued", "文书已制作送达", "本环节要求的执法文书均已制作并送达（行政处罚法第五十九条、第六十一条）"),
    ("av_attached", "音像记录已上传", "音像记录事项清单要求全程记录的环节已上传音像记录（R3）"),
    ("legal_review_passed", "法制审核通过", "属于重大执法决定的，法制审核意见为同意（行政处罚法第五十八条）"),
    ("head_approved", "负责人批准", "行政机关负责人已审批（行政处罚法第五十七条、行政强制法第十八条）"),
    ("collective_discussion_held", "集体讨论决定", "情节复杂或者重大违法行为，负责人已集体讨论决定（行政处罚法第五十七条第二款）"),
    ("rights_notified", "已告知权利", "已告知拟处罚内容及事实、理由、依据和陈述、申辩、听证权利（行政处罚法第四十四条）"),
    ("statement_period_elapsed", "陈述申辩期满", "当事人陈述、申辩、要求听证的期限已届满或明确放弃（行政处罚法第六十二条、第六十四条）"),
    ("hearing_requested", "当事人申请听证", "当事人在告知后五日内要求听证（行政处罚法第六十四条）"),
    ("simple_procedure_eligible", "符合简易程序条件", "违法事实确凿并有法定依据，对公民二百元以下、对法人或者其他组织三千元以下罚款或者警告（行政处罚法第五十一条）"),
    ("certificate_shown", "已出示执法证件", "执法人员已出示执法证件（行政处罚法第五十二条、第五十五条）"),
    ("party_notified", "已通知当事人到场", "已通知当事人到场，不到场的邀请见证人（行政强制法第十八条）"),
    ("application_complete", "申请材料齐全", "申请材料齐全、符合法定形式（行政许可法第三十二条）"),
    ("fine_paid", "罚款已缴纳", "罚款已缴纳或已申请强制执行（行政处罚法第六十七条、第七十二条）"),
    ("archived_in_time", "按期归档", "结案后三十日内立卷归档（R5）"),
]:
    register(_name, _label, _rule)
