"""Every read of the legal review, scoped by the user (agency staff see their agency, supervisors their region)."""

import datetime
import json
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.cases import selectors as case_selectors
from zhifa.core.scoping import scope_for
from zhifa.core.validators import region_ancestors

from .models import Assignment, CheckResult, Contest, MaterialRequirement, Opinion, Submission


@dataclass(frozen=True)
class Requirement:
    code: str
    name: str
    required: bool
    help_text: str = ""


# National defaults of the materials checklist (重大执法决定法制审核办法; agencies may configure their own).
NATIONAL_MATERIALS = (
    Requirement("investigation_report", "案件调查终结报告", True, "调查经过、违法事实、证据和处理建议"),
    Requirement("draft_decision", "拟作出的执法决定书草案", True),
    Requirement("evidence_list", "证据清单及证据材料", True),
    Requirement("statement_record", "当事人陈述申辩或听证记录", False, "已告知当事人权利的，附陈述申辩或听证笔录"),
    Requirement("discretion_statement", "裁量说明", True, "适用的裁量基准、阶次和理由"),
    Requirement("legal_basis", "法律依据", False),
    Requirement("other", "其他材料", False),
)


def required_materials(agency) -> list[Requirement]:
    """The agency's own checklist when it configured one, else the national defaults."""
    own = [Requirement(r.code, r.name, r.required, r.help_text) for r in MaterialRequirement.objects.filter(agency=agency)]
    return own or list(NATIONAL_MATERIALS)


# Separation of duties (L1) -------------------------------------------------------------------------------


def has_been_reviewer(person) -> bool:
    """Whether ``person`` was ever assigned to review; such a person may never handle a case (L1)."""
    return Assignment.objects.filter(person=person).exists()


def reviewer_problem(person, agency) -> str | None:
    """Why ``person`` may not review for ``agency``; ``None`` when they may."""
    from zhifa.cases.models import CaseOfficer
    from zhifa.organizations.models import Person

    if person.agency_id != agency.pk:
        return f"{person.name}不是本机关人员"
    if not person.is_active:
        return f"{person.name}不在岗"
    if person.post != Person.Post.REVIEWER:
        return f"{person.name}不是法制审核岗位人员（{person.get_post_display()}）"
    if person.department_id is None or not person.department.is_review_body:
        return f"{person.name}不属于本机关的法制审核机构"
    if not hasattr(person, "qualification"):
        return f"{person.name}未登记法制审核资格（行政处罚法第五十八条）"
    handled = CaseOfficer.objects.filter(person=person).select_related("case").first()
    if handled is not None:
        return f"{person.name}曾承办案件（{handled.case.display_number}），执法人员不得担任法制审核人员（审执分离）"
    return None


def adviser_problem(adviser, agency) -> str | None:
    if not adviser.is_available:
        return f"{adviser.name}目前不能参与审核"
    if adviser.region_code not in region_ancestors(agency.region_code):
        return f"{adviser.name}不在为本机关服务的法律顾问、公职律师库中"
    return None


def reviewer_people(agency):
    from zhifa.organizations.models import Person

    return Person.objects.filter(agency=agency, post=Person.Post.REVIEWER, is_active=True).select_related("department")


def available_advisers(agency):
    from zhifa.organizations.models import Adviser

    return Adviser.objects.filter(is_available=True, region_code__in=region_ancestors(agency.region_code))


# Reads scoped by the user -------------------------------------------------------------------------------------


def submissions(user):
    """Submissions of cases the user may read (the agency's own staff)."""
    return Submission.objects.filter(case__in=case_selectors.cases(user)).select_related("case", "submitted_by")


def get_submission(user, pk) -> Submission:
    try:
        return submissions(user).get(pk=pk)
    except (Submission.DoesNotExist, ValueError, TypeError):
        raise Http404("报审不存在或无权查看") from None


def get_opinion(user, pk) -> Opinion:
    try:
        return Opinion.objects.select_related("submission__case").get(pk=pk, submission__in=submissions(user))
    except (Opinion.DoesNotExist, ValueError, TypeError):
        raise Http404("审核意见不存在或无权查看") from None


def get_contest(user, pk) -> Contest:
    try:
        return Contest.objects.select_related("opinion__submission__case").get(
            pk=pk, opinion__submission__in=submissions(user))
    except (Contest.DoesNotExist, ValueError, TypeError):
        raise Http404("异议不存在或无权查看") from None


def latest(case) -> Submission | None:
    return case.review_submissions.order_by("-number").first()


def open_problems(submission: Submission | None):
    """The problems of ``submission``'s opinion that a resubmission must answer."""
    if submission is None:
        return CheckResult.objects.none()
    opinion = submission.opinion
    if opinion is None or opinion.kind != Opinion.Kind.CORRECT:
        return CheckResult.objects.none()
    return opinion.problems


@dataclass(frozen=True)
class ReviewStatus:
    code: str
    label: str
    passed: bool
    reason: str
    submission: Submission | None = None


def review_status(case) -> ReviewStatus:
    """Where the case's legal review stands, and — unless passed — precisely what is missing."""
    submission = latest(case)
    if submission is None:
        return ReviewStatus("none", "未报审", False, "尚未报送法制审核，尚未取得法制审核机构“同意”的审核意见")
    n = submission.number
    if submission.status == Submission.Status.RETURNED:
        return ReviewStatus("returned", "退回补充材料", False,
                            f"第{n}版报审已被法制审核机构退回，缺少或不符合要求的材料：{'、'.join(submission.missing_items)}；"
                            "请补齐后重新报送", submission)
    opinion = submission.opinion
    if opinion is None:
        assignment = submission.assignment
        who = f"（审核人员：{assignment.reviewer_name}）" if assignment else "（尚未指派审核人员）"
        overdue = "，已超过审核期限" if timezone.localdate() > submission.due_on else ""
        return ReviewStatus("waiting", "待审核", False,
                            f"第{n}版报审正在等待法制审核意见{who}，审核期限至{submission.due_on:%Y年%m月%d日}{overdue}",
                            submission)
    contest = getattr(opinion, "contest", None)
    if opinion.kind == Opinion.Kind.AGREE:
        approvals = list(submission.approvals.all())
        if any(a.approved for a in approvals):
            return ReviewStatus("passed", "审核通过，负责人已批准", True, "", submission)
        if approvals:
            return ReviewStatus("refused", "负责人不批准", False,
                                f"法制审核意见为同意，但机关负责人不批准：{approvals[-1].comment}；请修改后重新报送", submission)
        return ReviewStatus("approval", "待负责人审批", False, "法制审核意见为同意，尚待机关负责人审批", submission)
    if contest is not None and contest.state == Contest.State.DECIDED:
        if contest.decision == Contest.Decision.PROCEED:
            return ReviewStatus("discussed", "集体讨论决定", True, "", submission)
        return ReviewStatus("follow", "集体讨论决定按审核意见修改", False,
                            f"集体讨论决定按法制审核意见修改后重新报审（{contest.discussion.conclusion}）", submission)
    if contest is not None and contest.state == Contest.State.COORDINATING:
        return ReviewStatus("coordinating", "意见分歧协调中", False, "承办机构对审核意见有异议，正在协调", submission)
    if contest is not None and contest.state == Contest.State.UNRESOLVED:
        return ReviewStatus("unresolved", "待集体讨论", False, "承办机构与法制审核机构意见分歧，协调不一致，尚待负责人集体讨论决定",
                            submission)
    if opinion.kind == Opinion.Kind.TRANSFER:
        return ReviewStatus("transfer", "建议移送", False,
                            f"法制审核意见为移送有权机关处理（{opinion.transfer_to}）：{opinion.reasons}", submission)
    problems = "；".join(f"{p.get_point_display()}：{p.note}" for p in opinion.problems)
    return ReviewStatus("correct", "存在问题需纠正", False,
                        f"法制审核意见为存在问题需要纠正（{problems}），请纠正后重新报送", submission)


def is_overdue(submission: Submission, today: datetime.date | None = None) -> bool:
    """Time limit exceeded: still waiting after the due date, or the opinion came after it."""
    opinion = submission.opinion
    if opinion is not None:
        return opinion.overdue
    return submission.status == Submission.Status.WAITING and (today or timezone.localdate()) > submission.due_on


def queue(user):
    """待审核: the agency's submissions waiting for an opinion, oldest due first."""
    if user.role not in {Role.REVIEWER, Role.AGENCY_HEAD, Role.DEPT_HEAD, Role.OFFICER}:
        return Submission.objects.none()
    return (submissions(user).filter(status=Submission.Status.WAITING)
            .prefetch_related("assignments__person", "assignments__adviser").order_by("due_on", "pk"))


def awaiting_approval(user):
    """Agreed proposals the agency head has still to approve."""
    if user.role != Role.AGENCY_HEAD:
        return []
    found = submissions(user).filter(status=Submission.Status.REVIEWED, opinions__kind=Opinion.Kind.AGREE,
                                     approvals__isnull=True).distinct()
    return [s for s in found if latest(s.case).pk == s.pk and s.opinion.kind == Opinion.Kind.AGREE]


def open_contests(user):
    if user.role not in {Role.REVIEWER, Role.AGENCY_HEAD, Role.DEPT_HEAD, Role.OFFICER}:
        return Contest.objects.none()
    return Contest.objects.filter(opinion__submission__in=submissions(user)).exclude(
        state__in=[Contest.State.RESOLVED, Contest.State.DECIDED]).select_related("opinion__submission__case")


def my_cases_waiting(user):
    """For handling officers: their cases' current submissions with the review status."""
    if user.role != Role.OFFICER or not user.person_id:
        return []
    mine = case_selectors.cases(user, mine=True).filter(review_submissions__isnull=False).distinct()
    return [(case, review_status(case)) for case in mine[:100]]


# The reviewer's view of one submission --------------------------------------------------------------------


def diff(submission: Submission) -> list[dict]:
    """What changed from the previous version, field by field (L: resubmission)."""
    if submission.previous is None:
        return []
    before, after = submission.previous.snapshot, submission.snapshot
    keys = list(dict.fromkeys([*before, *after]))
    return [{"field": k, "before": before.get(k, ""), "after": after.get(k, "")}
            for k in keys if before.get(k, "") != after.get(k, "")]


def discretion_verdict(case):
    """The proposed penalty against the case's discretion benchmark, with the check's verdict."""
    from zhifa.catalog.discretion import ProposedPenalty, check, describe_tier

    if case.benchmark_id is None or not case.tier:
        return None
    proposed = ProposedPenalty(kinds=list(case.penalty_kinds or []), fine=case.fine_amount)
    result = check(case.benchmark, case.tier, proposed)
    tier = case.benchmark.tiers.filter(tier=case.tier).first()
    return {"benchmark": case.benchmark, "tier": tier, "tier_text": describe_tier(tier) if tier else "",
            "result": result}


# The responsibility trail (L6): from the journal ------------------------------------------------------------

TRAIL_LABELS = {
    "review.submitted": "报送法制审核",
    "review.returned": "退回补充材料",
    "review.assigned": "指派审核人员",
    "review.extended": "延长审核期限",
    "review.opinion_given": "出具审核意见",
    "review.opinion_issued": "签发法制审核意见书",
    "review.contested": "承办机构提出异议",
    "review.coordinated": "协调",
    "review.discussion_decided": "集体讨论决定",
    "review.approved": "机关负责人批准",
    "review.approval_refused": "机关负责人不批准",
    "discussion.recorded": "负责人集体讨论",
}


def trail(case) -> list[dict]:
    """Every review step of the case as its journal holds it: who, when, what (with sequence for proofs)."""
    entries = case_selectors.timeline(case).filter(Q(kind__startswith="review.") | Q(kind="discussion.recorded"))
    return [{"sequence": e.sequence, "recorded_at": e.recorded_at, "actor": e.actor_name, "kind": e.kind,
             "label": TRAIL_LABELS.get(e.kind, e.kind), "payload": json.loads(e.payload)} for e in entries]


# Oversight (L1, L7) ------------------------------------------------------------------------------------------


def scoped_submissions(user):
    """Submissions in the user's scope: an agency's staff their agency, supervisors their region."""
    scope = scope_for(user)
    if scope.role not in {Role.REVIEWER, Role.AGENCY_HEAD, Role.DEPT_HEAD, Role.SUPERVISOR, Role.ADMIN}:
        return Submission.objects.none()
    return scope.filter(Submission.objects.all(), path="case__agency")


def reviewer_database(user):
    """Reviewers in scope with qualification and workload (open, done)."""
    from zhifa.organizations.models import Person
    from zhifa.organizations.selectors import people

    waiting = Q(review_assignments__submission__status=Submission.Status.WAITING)
    return (people(user, post=Person.Post.REVIEWER).select_related("qualification", "department")
            .annotate(assigned=Count("review_assignments", distinct=True),
                      open_count=Count("review_assignments", filter=waiting, distinct=True)))


def adviser_workload(user):
    from zhifa.organizations.selectors import advisers

    waiting = Q(review_assignments__submission__status=Submission.Status.WAITING)
    return advisers(user).annotate(assigned=Count("review_assignments", distinct=True),
                                   open_count=Count("review_assignments", filter=waiting, distinct=True))


def statistics(user) -> dict:
    """By opinion, time taken, returns, transfers, time limits exceeded — over the submissions in scope."""
    subs = scoped_submissions(user)
    opinions = Opinion.objects.filter(submission__in=subs)
    by_kind = Counter(opinions.values_list("kind", flat=True))
    days = list(opinions.values_list("working_days", flat=True))
    today = timezone.localdate()
    return {
        "submissions": subs.count(),
        "cases": subs.values("case").distinct().count(),
        "resubmissions": subs.filter(number__gt=1).count(),
        "waiting": subs.filter(status=Submission.Status.WAITING).count(),
        "returns": subs.filter(returned_at__isnull=False).count(),
        "by_opinion": [{"kind": k, "label": Opinion.Kind(k).label, "count": by_kind.get(k, 0)} for k in Opinion.Kind.values],
        "transfers": by_kind.get(Opinion.Kind.TRANSFER, 0),
        "opinions": len(days),
        "average_working_days": round(sum(days) / len(days), 1) if days else None,
        "longest_working_days": max(days) if days else None,
        "overdue_opinions": opinions.filter(overdue=True).count(),
        "overdue_waiting": subs.filter(status=Submission.Status.WAITING, due_on__lt=today).count(),
        "contests": Contest.objects.filter(opinion__in=opinions).count(),
        "discussions": Contest.objects.filter(opinion__in=opinions, state=Contest.State.DECIDED).count(),
    }
