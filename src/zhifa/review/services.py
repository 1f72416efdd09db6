"""Every change of the legal review (L1–L7; PL Art. 57, 58): one function per use case.

Each locks the case (``cases.services.lock``: refuses archived cases and stale versions), checks
who acts, validates, changes and journals with the case as subject — so the case's timeline and the
responsibility trail (L6) are simply its ``review.*`` journal entries.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhifa.cases import permissions as case_permissions
from zhifa.cases import services as cases
from zhifa.catalog.models import PenaltyKind, Tier
from zhifa.core import calendar
from zhifa.core.errors import ConflictError
from zhifa.ledger import blobs

from . import permissions, selectors
from .models import (
    Assignment,
    CheckPoint,
    CheckResult,
    Contest,
    Extension,
    HeadApproval,
    Material,
    Opinion,
    ProblemResponse,
    Submission,
)

MAX_UPLOAD = 10 * 1024 * 1024
OPINION_TEMPLATE = "legal_review_opinion"


def review_days() -> int:
    """The review time limit in working days (L5; default 5, configurable per installation)."""
    return int(getattr(settings, "ZHIFA", {}).get("REVIEW_WORKING_DAYS", 5))


def due_date(submitted_on: datetime.date, extension_days: int = 0) -> datetime.date:
    due = calendar.add_working_days(submitted_on, review_days() + extension_days)
    return datetime.date(due.year, due.month, due.day)


def _require(allowed: bool, message: str):
    if not allowed:
        raise PermissionDenied(message)


def _text(value) -> str:
    return (value or "").strip()


def snapshot_of(case, proposal: str, discretion_statement: str, materials: list[Material]) -> dict:
    """The proposal as the reviewer sees it, in words, so two versions can be compared field by field."""
    kinds = "、".join(PenaltyKind(k).label if k in PenaltyKind.values else k for k in case.penalty_kinds or [])
    return {
        "拟作出的执法决定": proposal,
        "违法事实": case.facts,
        "违反条款": case.provisions_violated,
        "处罚依据": case.provisions_penalised,
        "处罚种类": kinds,
        "罚款金额（元）": f"{case.fine_amount:,.2f}" if case.fine_amount is not None else "",
        "没收违法所得（元）": f"{case.confiscation_amount:,.2f}" if case.confiscation_amount is not None else "",
        "适用裁量基准": str(case.benchmark) if case.benchmark_id else "",
        "裁量阶次": Tier(case.tier).label if case.tier in Tier.values else case.tier,
        "裁量说明": discretion_statement,
        **{f"材料：{m.name}": m.description for m in materials},
    }


# Submission and resubmission ---------------------------------------------------------------------


def _material(case, requirement, given: dict) -> Material | None:
    document, evidence = given.get("document"), given.get("evidence")
    text, upload = _text(given.get("text")), given.get("file")
    if document is not None and (document.case_id != case.pk or not document.is_issued):
        raise ValidationError({f"m_{requirement.code}": f"“{requirement.name}”所选文书不是本案已签发的文书"})
    if evidence is not None and (evidence.case_id != case.pk or evidence.withdrawn_at is not None):
        raise ValidationError({f"m_{requirement.code}": f"“{requirement.name}”所选证据不是本案现有的证据"})
    material = Material(code=requirement.code, name=requirement.name, document=document, evidence=evidence, text=text)
    if upload is not None:
        name, data = upload
        if not data:
            raise ValidationError({f"m_{requirement.code}": f"“{requirement.name}”上传的文件是空的"})
        if len(data) > MAX_UPLOAD:
            raise ValidationError({f"m_{requirement.code}": f"“{requirement.name}”上传的文件不能超过10MB"})
        material.file_sha256, material.file_name = blobs.put_bytes(data), (name or "附件")[:255]
    if not (document or evidence or text or material.file_sha256):
        return None
    return material


@transaction.atomic
def submit(actor, case, *, proposal: str, discretion_statement: str = "", materials: dict | None = None,
           responses: dict | None = None, version=None) -> Submission:
    """The handling body submits (or resubmits) the proposed decision with its materials.

    ``materials`` maps a checklist code to ``{"document", "evidence", "text", "file": (name, bytes)}``;
    ``responses`` maps each problem of the previous opinion (CheckResult pk) to what was done about it.
    A case still in 案件审查 moves to 法制审核 by the procedure's own transition (送审).
    """
    case = cases.editable(actor, case, version)
    materials, responses = materials or {}, {int(k): _text(v) for k, v in (responses or {}).items()}
    previous = case.review_submissions.select_for_update().order_by("-number").first()
    if previous is not None and previous.status == Submission.Status.WAITING:
        raise ValidationError({"proposal": f"第{previous.number}版报审正在等待审核，不能重复报送"})
    if case.decided_on is not None:
        raise ValidationError({"proposal": "本案已作出决定，不能再报送法制审核"})
    errors = {}
    if not _text(proposal):
        errors["proposal"] = "请填写拟作出的执法决定"
    made, missing = [], []
    for requirement in selectors.required_materials(case.agency):
        material = _material(case, requirement, materials.get(requirement.code, {}))
        if material is not None:
            made.append(material)
        elif requirement.required:
            missing.append(requirement.name)
    if missing:
        errors["materials"] = "缺少必须提交的材料：" + "、".join(missing)
    problems = list(selectors.open_problems(previous)) if previous is not None else []
    unanswered = [p.get_point_display() for p in problems if not responses.get(p.pk)]
    if unanswered:
        errors["responses"] = "请逐项说明对审核意见所提问题的整改情况：" + "；".join(unanswered)
    if errors:
        raise ValidationError(errors)
    if case.stage != "legal_review" and cases.engine.find_transition(case, "legal_review") is not None:
        case = cases.transition(actor, case, "legal_review", comment="报送法制审核")
    now = timezone.now()
    submission = Submission.objects.create(
        case=case, number=(previous.number + 1) if previous else 1, previous=previous, proposal=_text(proposal),
        discretion_statement=_text(discretion_statement), status=Submission.Status.WAITING, submitted_by=actor,
        submitted_at=now, due_on=due_date(timezone.localdate(now)),
        snapshot=snapshot_of(case, _text(proposal), _text(discretion_statement), made),
    )
    for material in made:
        material.submission = submission
        material.save()
    for problem in problems:
        ProblemResponse.objects.create(submission=submission, problem=problem, action=responses[problem.pk])
    if previous is not None:
        previous.status = Submission.Status.SUPERSEDED
        previous.save(update_fields=["status"])
    cases.touch(case)
    cases.journal(actor, case, "review.submitted", {
        "submission": submission.pk, "number": submission.number, "proposal": submission.proposal,
        "previous": previous.pk if previous else None, "due_on": submission.due_on.isoformat(),
        "materials": [{"code": m.code, "name": m.name, "description": m.description, "sha256": m.file_sha256 or None}
                      for m in made],
        "responses": [{"problem": p.get_point_display(), "note": p.note, "action": responses[p.pk]} for p in problems],
    })
    return submission


def _reviewer_actor(actor, submission) -> None:
    """A reviewer of the case's agency who handles no case (L1)."""
    case = submission.case
    _require(permissions.may_review(actor, case), "只有本机关法制审核机构的审核人员可以办理")
    if actor.person_id:
        problem = selectors.reviewer_problem(actor.person, case.agency)
        _require(problem is None, problem or "")


def _locked(submission, version=None):
    case = cases.lock(submission.case, version)
    submission = Submission.objects.select_for_update().select_related("case").get(pk=submission.pk)
    return case, submission


def _waiting(submission):
    latest = submission.case.review_submissions.order_by("-number").first()
    if latest is None or latest.pk != submission.pk:
        raise ConflictError("该报审已有新的版本，请打开最新版本")
    if submission.status != Submission.Status.WAITING:
        raise ValidationError({"submission": f"该报审{submission.get_status_display()}，不能再办理"})


@transaction.atomic
def return_submission(actor, submission: Submission, *, missing: list[str], reason: str = "") -> Submission:
    """The review body returns an incomplete submission, naming each missing item (L3)."""
    case, submission = _locked(submission)
    _reviewer_actor(actor, submission)
    _waiting(submission)
    names = {r.code: r.name for r in selectors.required_materials(case.agency)}
    unknown = [code for code in missing if code not in names]
    if not missing or unknown:
        raise ValidationError({"missing": "请从报审材料清单中勾选缺少或不符合要求的材料"})
    submission.status, submission.returned_at = Submission.Status.RETURNED, timezone.now()
    submission.missing_items = [names[code] for code in missing]
    submission.return_reason = _text(reason)
    submission.save()
    cases.touch(case)
    cases.journal(actor, case, "review.returned", {
        "submission": submission.pk, "number": submission.number, "missing": submission.missing_items,
        "reason": submission.return_reason,
    })
    return submission


@transaction.atomic
def assign(actor, submission: Submission, *, person=None, adviser=None) -> Assignment:
    """Assign a reviewer of the review body, or an adviser of the shared pool (L1: never a case handler)."""
    case, submission = _locked(submission)
    _require(permissions.may_assign(actor, case), "只有本机关法制审核人员或机关负责人可以指派审核人员")
    _waiting(submission)
    if (person is None) == (adviser is None):
        raise ValidationError({"person": "请选择一名法制审核人员或一名法律顾问、公职律师"})
    if person is not None:
        problem = selectors.reviewer_problem(person, case.agency)
        if problem:
            raise ValidationError({"person": problem})
    else:
        problem = selectors.adviser_problem(adviser, case.agency)
        if problem:
            raise ValidationError({"adviser": problem})
    assignment = Assignment.objects.create(submission=submission, person=person, adviser=adviser, assigned_by=actor)
    cases.touch(case)
    cases.journal(actor, case, "review.assigned", {
        "submission": submission.pk, "number": submission.number, "reviewer": assignment.reviewer_name,
        "person": person.pk if person else None, "adviser": adviser.pk if adviser else None,
    })
    return assignment


@transaction.atomic
def extend(actor, submission: Submission, *, days: int, reason: str) -> Extension:
    """Extend the time limit: approved by the agency head, with its reason, on the working-day calendar."""
    case, submission = _locked(submission)
    _require(permissions.may_decide(actor, case), "审核期限的延长由机关负责人批准")
    _waiting(submission)
    errors = {}
    if not isinstance(days, int) or days < 1 or days > 30:
        errors["days"] = "延长天数应为1至30个工作日"
    if not _text(reason):
        errors["reason"] = "请填写延长审核期限的理由（如案情重大复杂）"
    if errors:
        raise ValidationError(errors)
    extension = Extension.objects.create(submission=submission, days=days, reason=_text(reason), approved_by=actor)
    before = submission.due_on
    submission.extension_days += days
    submission.due_on = due_date(timezone.localdate(submission.submitted_at), submission.extension_days)
    submission.save(update_fields=["extension_days", "due_on"])
    cases.touch(case)
    cases.journal(actor, case, "review.extended", {
        "submission": submission.pk, "days": days, "reason": extension.reason, "due_before": before.isoformat(),
        "due_on": submission.due_on.isoformat(),
    })
    return extension


def _clean_checks(kind: str, checks: dict) -> list[tuple[str, str, str]]:
    rows, errors = [], []
    for point in CheckPoint:
        result, note = checks.get(point.value, ("", ""))
        note = _text(note)
        if result not in CheckResult.Result.values:
            errors.append(f"请填写审核要点“{point.label}”的结果")
        elif result == CheckResult.Result.PROBLEM and not note:
            errors.append(f"审核要点“{point.label}”存在问题的，请说明问题")
        rows.append((point.value, result, note))
    if errors:
        raise ValidationError({"checks": errors})
    problems = [r for r in rows if r[1] == CheckResult.Result.PROBLEM]
    if kind == Opinion.Kind.AGREE and problems:
        raise ValidationError({"kind": "审核结论为“同意”的，各审核要点不能为“存在问题”"})
    if kind == Opinion.Kind.CORRECT and not problems:
        raise ValidationError({"kind": "审核结论为“存在问题，需要纠正”的，请至少在一个审核要点中指出问题"})
    return rows


@transaction.atomic
def give_opinion(actor, submission: Submission, *, kind: str, reasons: str, checks: dict,
                 transfer_to: str = "") -> Opinion:
    """The opinion (L4) with the L3 checklist; the acting reviewer is assigned if nobody was."""
    case, submission = _locked(submission)
    _reviewer_actor(actor, submission)
    _waiting(submission)
    errors = {}
    if kind not in Opinion.Kind.values:
        errors["kind"] = "请选择审核结论：同意、存在问题需要纠正或移送有权机关"
    if not _text(reasons):
        errors["reasons"] = "审核意见必须说明理由"
    if kind == Opinion.Kind.TRANSFER and not _text(transfer_to):
        errors["transfer_to"] = "移送有权机关处理的，请写明移送的机关（如涉嫌犯罪的，移送公安机关等司法机关）"
    if errors:
        raise ValidationError(errors)
    rows = _clean_checks(kind, checks)
    assignment = submission.assignment
    if assignment is None:
        _require(actor.person_id is not None, "您的账号未关联法制审核人员，不能审核")
        problem = selectors.reviewer_problem(actor.person, case.agency)
        if problem:
            raise ValidationError({"person": problem})
        assignment = Assignment.objects.create(submission=submission, person=actor.person, assigned_by=actor)
        cases.journal(actor, case, "review.assigned", {
            "submission": submission.pk, "number": submission.number, "reviewer": assignment.reviewer_name,
            "person": actor.person_id, "adviser": None,
        })
    if assignment.person_id:
        _require(assignment.person_id == actor.person_id, f"本报审已指派{assignment.person.name}审核")
        reviewer = assignment.person.name
    else:
        reviewer = f"{assignment.adviser.name}（{assignment.adviser.get_kind_display()}，{actor.get_full_name() or actor.username}录入）"
    now = timezone.now()
    today = timezone.localdate(now)
    opinion = Opinion.objects.create(
        submission=submission, kind=kind, reasons=_text(reasons), transfer_to=_text(transfer_to), reviewer_name=reviewer,
        given_by=actor, given_at=now, overdue=today > submission.due_on,
        working_days=calendar.working_days_between(timezone.localdate(submission.submitted_at), today),
    )
    CheckResult.objects.bulk_create([CheckResult(opinion=opinion, point=p, result=r, note=n) for p, r, n in rows])
    submission.status = Submission.Status.REVIEWED
    submission.save(update_fields=["status"])
    cases.touch(case)
    cases.journal(actor, case, "review.opinion_given", {
        "submission": submission.pk, "number": submission.number, "opinion": opinion.pk, "kind": kind,
        "kind_label": opinion.get_kind_display(), "reasons": opinion.reasons, "transfer_to": opinion.transfer_to,
        "reviewer": reviewer, "overdue": opinion.overdue, "working_days": opinion.working_days,
        "checks": [{"point": CheckPoint(p).label, "result": CheckResult.Result(r).label, "note": n} for p, r, n in rows],
    })
    return opinion


def opinion_fields(opinion: Opinion) -> dict:
    """The 法制审核意见书's fields, from the opinion and its checklist."""
    checks = list(opinion.checks.all())
    scope = "；".join(f"{c.get_point_display()}：{c.get_result_display()}{('（' + c.note + '）') if c.note else ''}"
                     for c in checks)
    text = opinion.reasons
    problems = [c for c in checks if c.result == CheckResult.Result.PROBLEM]
    if problems:
        text += "\n需要纠正的问题：" + "；".join(f"{i}. {c.get_point_display()}：{c.note}" for i, c in enumerate(problems, 1))
    if opinion.transfer_to:
        text += f"\n建议移送：{opinion.transfer_to}"
    return {"scope": scope, "opinion": text, "conclusion": opinion.get_kind_display(), "reviewers": opinion.reviewer_name}


@transaction.atomic
def issue_opinion_document(actor, opinion: Opinion):
    """Issue the 法制审核意见书 PDF in the agency's name through the documents service (review body's template)."""
    from zhifa.documents.services import issue_document

    case, submission = _locked(opinion.submission)
    _reviewer_actor(actor, submission)
    opinion = Opinion.objects.select_for_update().get(pk=opinion.pk)
    if opinion.document_id:
        raise ValidationError({"document": "该审核意见的法制审核意见书已签发"})
    document = issue_document(actor, case, OPINION_TEMPLATE, opinion_fields(opinion))
    opinion.document = document
    opinion.save(update_fields=["document"])
    cases.journal(actor, case, "review.opinion_issued", {
        "opinion": opinion.pk, "document": document.pk, "number": document.number, "sha256": document.pdf_sha256,
    })
    return document


# Disagreement (L5) -----------------------------------------------------------------------------------


@transaction.atomic
def contest(actor, opinion: Opinion, *, reasons: str, version=None) -> Contest:
    """The handling body disagrees with an opinion that is not "agree"; coordination follows."""
    case = cases.editable(actor, opinion.submission.case, version)
    submission = Submission.objects.select_for_update().get(pk=opinion.submission_id)
    latest = case.review_submissions.order_by("-number").first()
    if latest.pk != submission.pk or submission.opinion.pk != opinion.pk:
        raise ConflictError("该审核意见已不是本案现行的审核意见")
    if opinion.kind == Opinion.Kind.AGREE:
        raise ValidationError({"reasons": "审核意见为同意的，无需提出异议"})
    if Contest.objects.filter(opinion=opinion).exists():
        raise ValidationError({"reasons": "已对该审核意见提出异议"})
    if not _text(reasons):
        raise ValidationError({"reasons": "请说明对审核意见的异议和理由"})
    contest = Contest.objects.create(opinion=opinion, reasons=_text(reasons), raised_by=actor)
    cases.touch(case)
    cases.journal(actor, case, "review.contested", {
        "contest": contest.pk, "opinion": opinion.pk, "opinion_kind": opinion.get_kind_display(), "reason": contest.reasons,
    })
    return contest


def _locked_contest(contest):
    case = cases.lock(contest.opinion.submission.case)
    return case, Contest.objects.select_for_update().select_related("opinion__submission").get(pk=contest.pk)


@transaction.atomic
def record_coordination(actor, contest: Contest, *, notes: str, resolved: bool) -> Contest:
    """The coordination between handling body and review body; unresolved goes to the heads."""
    case, contest = _locked_contest(contest)
    _require(permissions.may_coordinate(actor, case), "协调情况由法制审核机构或本机关负责人记录")
    if contest.state != Contest.State.COORDINATING:
        raise ValidationError({"notes": f"该异议{contest.get_state_display()}，不能再记录协调"})
    if not _text(notes):
        raise ValidationError({"notes": "请填写协调情况（参加人员、各方意见、协调结果）"})
    contest.state = Contest.State.RESOLVED if resolved else Contest.State.UNRESOLVED
    contest.coordination, contest.coordinated_by, contest.coordinated_at = _text(notes), actor, timezone.now()
    contest.save()
    cases.touch(case)
    cases.journal(actor, case, "review.coordinated", {
        "contest": contest.pk, "notes": contest.coordination, "resolved": resolved,
        "summary": contest.get_state_display(),
    })
    return contest


@transaction.atomic
def decide_by_discussion(actor, contest: Contest, data: dict, *, decision: str) -> Contest:
    """An unresolved difference is decided by the heads' collective discussion (L5; PL Art. 57)."""
    case, contest = _locked_contest(contest)
    _require(case_permissions.can_approve(actor, case), "集体讨论由本机关负责人组织并记录")
    if contest.state != Contest.State.UNRESOLVED:
        raise ValidationError({"decision": "只有协调不一致的异议才提交集体讨论"})
    if decision not in Contest.Decision.values:
        raise ValidationError({"decision": "请选择集体讨论的决定"})
    discussion = cases.record_discussion(actor, case, data)
    contest.discussion, contest.decision, contest.state = discussion, decision, Contest.State.DECIDED
    contest.save()
    cases.journal(actor, case, "review.discussion_decided", {
        "contest": contest.pk, "discussion": discussion.pk, "decision": decision,
        "summary": contest.get_decision_display(), "conclusion": discussion.conclusion,
    })
    return contest


# Approval (L6) and the gate (PL Art. 58) ------------------------------------------------------------


@transaction.atomic
def approve(actor, submission: Submission, *, approved: bool, comment: str = "") -> HeadApproval:
    """The agency head approves the proposal the review body agreed to."""
    case, submission = _locked(submission)
    _require(permissions.may_decide(actor, case), "只有机关负责人可以审批")
    latest = case.review_submissions.order_by("-number").first()
    opinion = submission.opinion
    if latest.pk != submission.pk or opinion is None or opinion.kind != Opinion.Kind.AGREE:
        raise ValidationError({"approved": "只有法制审核意见为“同意”的现行报审才能报请机关负责人审批"})
    if submission.approvals.filter(approved=True).exists():
        raise ValidationError({"approved": "该报审已经批准"})
    if not approved and not _text(comment):
        raise ValidationError({"comment": "不批准的，请填写审批意见"})
    approval = HeadApproval.objects.create(submission=submission, approved=approved, comment=_text(comment),
                                           decided_by=actor)
    cases.touch(case)
    cases.journal(actor, case, "review.approved" if approved else "review.approval_refused", {
        "submission": submission.pk, "number": submission.number, "comment": approval.comment,
        "decision": "批准" if approved else "不批准",
    })
    return approval


def gate(case) -> tuple[bool, str]:
    """``cases.guards.REVIEW_GATE["check"]``: has the major decision passed legal review? Says what is missing."""
    status = selectors.review_status(case)
    return status.passed, status.reason
