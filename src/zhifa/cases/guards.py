"""The case engine's implementations of the catalog's transition guards (R2).

Each answers ``(ok, reason)``; ``reason`` says what is missing in words an officer can act on.
The documents and evidence apps implement ``documents_issued``, ``rights_notified`` and
``av_attached`` themselves; the legal-review gate is filled by the review app through
:data:`REVIEW_GATE`.
"""

from django.utils import timezone

from zhifa.catalog import guards
from zhifa.core import calendar

from .models import CaseEvent, HeadDecision
from .services import certificate_problem


def _since_stage_entry(case):
    return case.stage_entered_at


@guards.implements("two_certified_officers")
def two_certified_officers(case, **context):
    officers = [link.person for link in case.case_officers.filter(released_at__isnull=True).select_related("person")]
    problems = [p for p in (certificate_problem(person) for person in officers) if p]
    valid = len(officers) - len(problems)
    if valid >= 2:
        return True, ""
    reasons = [f"本案现有{valid}名持有效执法证的办案人员，至少需要两名"] + problems
    return False, "；".join(reasons)


@guards.implements("head_approved")
def head_approved(case, *, transition, **context):
    approvals = case.approvals.filter(from_stage=case.stage, to_stage=transition["to"], requested_at__gte=_since_stage_entry(case))
    if approvals.filter(decision=HeadDecision.Decision.APPROVED).exists():
        return True, ""
    if approvals.filter(decision=HeadDecision.Decision.PENDING).exists():
        return False, f"“{transition['name']}”的审批尚待负责人决定"
    return False, f"尚未报请负责人审批“{transition['name']}”"


@guards.implements("collective_discussion_held")
def collective_discussion_held(case, **context):
    if case.discussions.filter(recorded_at__gte=_since_stage_entry(case)).exists():
        return True, ""
    return False, "尚未记录负责人集体讨论的时间、参加人员、讨论记录和结论"


def _event(case, kind, since=None):
    events = case.events.filter(kind=kind)
    if since is not None:
        events = events.filter(recorded_at__gte=since)
    return events.order_by("-occurred_on").first()


def _last_entry(case, stage_code):
    visit = case.visits.filter(stage=stage_code).order_by("-entered_at", "-pk").first()
    return visit.entered_at if visit else None


@guards.implements("statement_period_elapsed")
def statement_period_elapsed(case, **context):
    """PL Art. 62, 64: the party had five working days after notice, or waived them."""
    notified = _last_entry(case, "notice")
    if notified is None:
        return False, "尚未告知当事人拟作出的行政处罚及其权利"
    if _event(case, CaseEvent.Kind.STATEMENT_WAIVED, since=notified):
        return True, ""
    due = calendar.add_working_days(timezone.localdate(notified), 5)
    if timezone.localdate() > due:
        return True, ""
    return False, f"当事人陈述、申辩和要求听证的期限至{due:%Y年%m月%d日}届满，期满或当事人明确放弃后方可决定"


@guards.implements("hearing_requested")
def hearing_requested(case, **context):
    notified = _last_entry(case, "notice")
    if notified and _event(case, CaseEvent.Kind.HEARING_REQUESTED, since=notified):
        return True, ""
    return False, "没有当事人申请听证的记录"


@guards.implements("fine_paid")
def fine_paid(case, **context):
    if not case.fine_amount and not case.confiscation_amount:
        return True, ""
    if _event(case, CaseEvent.Kind.ENFORCEMENT_APPLIED):
        return True, ""
    paid = sum((e.amount or 0) for e in case.events.filter(kind=CaseEvent.Kind.FINE_PAID))
    owed = (case.fine_amount or 0) + (case.confiscation_amount or 0)
    if paid >= owed:
        return True, ""
    return False, f"应缴{owed:,.2f}元，已登记缴纳{paid:,.2f}元；请登记缴款凭证或申请强制执行"


@guards.implements("simple_procedure_eligible")
def simple_procedure_eligible(case, **context):
    """PL Art. 51: a warning, or a fine up to 200 yuan (person) / 3000 yuan (organisation)."""
    from .major import facts_of

    facts = facts_of(case)
    kinds = set(case.penalty_kinds or [])
    if kinds - {"warning", "fine"}:
        return False, "简易程序只能给予警告或者罚款"
    limit = 200 if facts.party_type == "person" else 3000
    if (case.fine_amount or 0) > limit:
        return False, f"罚款{case.fine_amount:,.2f}元超过简易程序{limit}元的上限（行政处罚法第五十一条）"
    if not case.case_parties.exists():
        return False, "请先登记当事人"
    return True, ""


def _event_guard(kind, missing):
    def check(case, **context):
        if _event(case, kind):
            return True, ""
        return False, missing

    return check


guards.implements("certificate_shown")(_event_guard(CaseEvent.Kind.CERTIFICATE_SHOWN, "没有出示执法证件的记录"))
guards.implements("party_notified")(_event_guard(CaseEvent.Kind.PARTY_NOTIFIED, "没有通知当事人到场的记录"))
guards.implements("application_complete")(_event_guard(CaseEvent.Kind.APPLICATION_COMPLETE, "尚未确认申请材料齐全"))


@guards.implements("archived_in_time")
def archived_in_time(case, **context):
    """R5: archiving is always allowed; lateness is recorded, not hidden (the warning rules flag it)."""
    return True, ""


# The legal-review gate (PL Art. 58) ----------------------------------------------------------


def _no_review_yet(case):
    return False, "尚未取得法制审核机构“同意”的审核意见"


REVIEW_GATE = {"check": _no_review_yet}
"""The review app replaces ``REVIEW_GATE["check"]`` with its own ``fn(case) -> (ok, reason)``."""


@guards.implements("legal_review_passed")
def legal_review_passed(case, **context):
    from .major import major_decision

    major, matches = major_decision(case)
    if not major:
        return True, ""
    ok, reason = REVIEW_GATE["check"](case)
    if ok:
        return True, ""
    return False, f"本案属于重大执法决定（{'；'.join(m.reason for m in matches)}），{reason}"
