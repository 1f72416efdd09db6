"""Every change to a case (R1, R2, R6, I2; PL Art. 36, 42, 43, 47, 57, 60).

One function per use case, one transaction: it checks permission, refuses an archived case and a
stale edit (``version``), validates, changes the case and appends the journal entry. Every entry
about a case — whichever app writes it — has the case as its subject, so the case's timeline is
simply its journal.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhifa.catalog.selectors import procedure_for
from zhifa.core import calendar, numbering
from zhifa.core.errors import ConflictError
from zhifa.ledger.services import append
from zhifa.organizations.models import Person

from . import engine, permissions
from .models import (
    Approval,
    Case,
    CaseEvent,
    CaseOfficer,
    CaseParty,
    CollectiveDiscussion,
    HeadDecision,
    Lead,
    Party,
    Recusal,
    StageVisit,
    Suspension,
)

LEAD_SERIES = "案源"
CASE_SERIES = "立"
DEFAULT_PROCEDURE = "penalty_general"


class CaseReadOnly(PermissionDenied):
    """R5: an archived or ended case is read-only."""


class TransitionRefused(ValidationError):
    """A transition whose conditions are not met; ``missing`` names each one."""

    def __init__(self, name: str, missing: list[str]):
        self.missing = missing
        super().__init__(f"不能进行“{name}”：" + "；".join(missing))


def require(allowed: bool, message: str = "您无权进行此操作"):
    if not allowed:
        raise PermissionDenied(message)


def journal(actor, case: Case, kind: str, payload: dict):
    """Append ``kind`` about ``case``: the case is the subject, whatever record the event concerns."""
    return append(kind, case, actor, case.agency, {"case": case.display_number, **payload})


def lock(case: Case, version=None) -> Case:
    """Lock the case row, refuse a stale ``version`` or an archived case; returns the fresh row."""
    fresh = Case.objects.select_for_update().select_related("agency", "procedure").filter(pk=case.pk).first()
    if fresh is None:
        raise ConflictError("该案件已不存在")
    if version not in (None, "") and int(version) != fresh.version:
        raise ConflictError("该案件已被他人修改，请刷新后重试")
    if fresh.is_read_only:
        raise CaseReadOnly(f"案件已{fresh.get_status_display()}，不能再修改")
    return fresh


def touch(case: Case):
    """Bump the optimistic-lock version after any change to the case or its parts."""
    case.version += 1
    case.save(update_fields=["version", "updated_at"])


def editable(actor, case: Case, version=None) -> Case:
    """The common preamble of a change by a handling officer or head: lock, then check permission."""
    fresh = lock(case, version)
    require(permissions.can_handle(actor, fresh), "只有本案办案人员或本机关负责人可以办理")
    return fresh


def _clean(instance):
    instance.full_clean()
    return instance


def _procedure(agency, code):
    procedure = procedure_for(agency, code)
    if procedure is None:
        raise ValidationError({"procedure_code": f"没有生效的执法流程“{code}”"})
    return procedure


def _enter(actor, case: Case, stage_code: str, *, transition: str = "", comment: str = "", at=None):
    at = at or timezone.now()
    case.visits.filter(left_at__isnull=True).update(left_at=at)
    case.stage = stage_code
    case.stage_entered_at = at
    due, label, confirmed = engine.deadline_for(case, stage_code, timezone.localdate(at))
    return StageVisit.objects.create(
        case=case, agency_id=case.agency_id, stage=stage_code, stage_name=engine.stage(case, stage_code)["name"], transition=transition,
        entered_at=at, due_on=due, due_label=label, due_confirmed=confirmed, actor=actor, comment=comment,
    )


# Leads and new cases -------------------------------------------------------------------------


@transaction.atomic
def register_lead(actor, data: dict, *, procedure_code: str = DEFAULT_PROCEDURE) -> Case:
    """Register a lead; it opens a case in the procedure's first stage, whose deadline decides filing."""
    agency = data.get("agency") or actor.agency
    require(permissions.can_register_lead(actor, agency), "只能为本机关登记案源")
    procedure = _procedure(agency, procedure_code)
    data = dict(data)
    title = data.pop("title", "")
    lead = Lead(agency=agency, created_by=actor, number="-", **{k: v for k, v in data.items() if k != "agency"})
    lead.received_on = lead.received_on or timezone.localdate()
    lead.full_clean(exclude=["number"])
    lead.number = numbering.allocate(agency, LEAD_SERIES, on=lead.received_on)
    lead.save()
    case = Case(
        agency=agency, lead=lead, title=title or lead.summary[:60], procedure=procedure,
        procedure_code=procedure.code, stage=procedure.definition["start"], stage_entered_at=timezone.now(),
        discovered_on=lead.received_on, created_by=actor,
    )
    case.full_clean()
    case.save()
    _enter(actor, case, case.stage, transition="登记案源", at=case.stage_entered_at)
    case.save()
    registrar = actor.person if actor.person_id else None
    if registrar is not None and certificate_problem(registrar) is None:
        CaseOfficer.objects.create(case=case, person=registrar, is_lead=True)  # the registrar handles it first
    journal(actor, case, "lead.registered", {
        "lead": lead.number, "source": lead.source, "received_on": lead.received_on.isoformat(),
        "summary": lead.summary, "procedure": procedure.code,
        "officers": [registrar.name] if case.case_officers.exists() else [],
    })
    return case


@transaction.atomic
def open_case(actor, data: dict, *, procedure_code: str) -> Case:
    """Open a case directly in a procedure without a lead stage (simple procedure, inspection, licence)."""
    agency = data.pop("agency", None) or actor.agency
    require(permissions.can_register_lead(actor, agency), "只能为本机关办理案件")
    procedure = _procedure(agency, procedure_code)
    case = Case(agency=agency, procedure=procedure, procedure_code=procedure.code,
                stage=procedure.definition["start"], stage_entered_at=timezone.now(), created_by=actor, **data)
    case.filed_on = timezone.localdate()
    case.number = "-"
    case.full_clean()
    case.number = numbering.allocate(agency, CASE_SERIES)
    case.save()
    _enter(actor, case, case.stage, transition="开始办理", at=case.stage_entered_at)
    case.save()
    journal(actor, case, "case.opened", {"number": case.number, "title": case.title, "procedure": procedure.code})
    return case


CASE_FIELDS = (
    "title", "department", "item", "violation_ended_on", "discovered_on", "limitation_years", "place", "facts",
    "provisions_violated", "provisions_penalised", "benchmark", "tier", "penalty_kinds", "fine_amount",
    "confiscation_amount", "circumstances",
)


def _plain(value):
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value if isinstance(value, int | str | list | dict | type(None) | bool) else str(value)


@transaction.atomic
def update_case(actor, case: Case, data: dict, *, version=None) -> Case:
    """Edit the case's facts; every change is journalled as before → after."""
    case = editable(actor, case, version)
    unknown = set(data) - set(CASE_FIELDS)
    if unknown:
        raise ValidationError({name: "该字段不能在此修改" for name in sorted(unknown)})
    changes = {}
    for name, value in data.items():
        before = getattr(case, name)
        if before != value:
            changes[name] = [_plain(before), _plain(value)]
            setattr(case, name, value)
    if case.department_id and case.department.agency_id != case.agency_id:
        raise ValidationError({"department": "承办机构必须是本机关的内设机构"})
    case.full_clean()
    if not changes:
        return case
    case.version += 1
    case.save()
    journal(actor, case, "case.updated", {"changes": changes, "version": case.version})
    return case


# Parties -------------------------------------------------------------------------------------


@transaction.atomic
def add_party(actor, case: Case, data: dict, *, version=None) -> Party:
    """Add a party; an existing party of the agency with the same code is reused, so R6 finds it."""
    case = editable(actor, case, version)
    party = Party(agency=case.agency, **data)
    party.clean()  # normalises codes before the lookup
    existing = None
    if party.uscc:
        existing = Party.objects.filter(agency=case.agency, uscc=party.uscc).first()
    elif party.id_number:
        existing = Party.objects.filter(agency=case.agency, id_number=party.id_number).first()
    if existing is not None:
        party = existing
    else:
        party.full_clean()
        party.save()
    if CaseParty.objects.filter(case=case, party=party).exists():
        raise ValidationError({"name": f"“{party.name}”已是本案当事人"})
    CaseParty.objects.create(case=case, party=party)
    touch(case)
    journal(actor, case, "case.party_added", {
        "party": party.pk, "kind": party.kind, "name": party.name, "code": party.identifier,
    })
    return party


# Officers and recusal (PL Art. 42, 43) ---------------------------------------------------------


def certificate_problem(person: Person, on: datetime.date | None = None) -> str | None:
    """Why ``person`` may not enforce on ``on``: not an officer, or no valid certificate."""
    on = on or timezone.localdate()
    if not person.is_active:
        return f"{person.name}不在岗"
    if person.post != Person.Post.OFFICER:
        return f"{person.name}不是执法岗位人员（{person.get_post_display()}），不能承办案件"
    from zhifa.review.selectors import has_been_reviewer

    if has_been_reviewer(person):
        return f"{person.name}曾担任法制审核人员，不能承办案件（审执分离）"
    if not any(c.is_valid_on(on) for c in person.certificates.all()):
        return f"{person.name}没有在有效期内的执法证"
    return None


@transaction.atomic
def assign_officers(actor, case: Case, people: list[Person], *, lead: Person | None = None, version=None) -> Case:
    """Set the handling officers: at least two, each holding a valid certificate (PL Art. 42)."""
    case = lock(case, version)
    require(permissions.can_approve(actor, case) or permissions.can_handle(actor, case),
            "只有本案办案人员或本机关负责人可以指派办案人员")
    people = list(dict.fromkeys(people))
    errors = []
    if len(people) < 2:
        errors.append("执法人员不得少于两人（行政处罚法第四十二条）")
    for person in people:
        if person.agency_id != case.agency_id:
            errors.append(f"{person.name}不是本机关人员")
            continue
        problem = certificate_problem(person)
        if problem:
            errors.append(problem)
        if Recusal.objects.filter(case=case, person=person, has_interest=True).exists():
            errors.append(f"{person.name}已声明应当回避，不能承办本案")
    lead = lead or (people[0] if people else None)
    if lead is not None and lead not in people:
        errors.append("主办人必须是办案人员之一")
    if errors:
        raise ValidationError({"officers": errors})
    now = timezone.now()
    keep = {p.pk for p in people}
    case.case_officers.filter(released_at__isnull=True).exclude(person_id__in=keep).update(released_at=now)
    for person in people:
        link, created = CaseOfficer.objects.get_or_create(case=case, person=person)
        if not created and (link.released_at is not None or link.is_lead != (person == lead)):
            link.released_at = None
        link.is_lead = person == lead
        link.save()
    touch(case)
    journal(actor, case, "case.officers_assigned", {
        "officers": [{"person": p.pk, "name": p.name, "lead": p == lead} for p in people],
    })
    return case


@transaction.atomic
def declare_recusal(actor, case: Case, *, has_interest: bool, statement: str, version=None) -> Recusal:
    """An officer's own recusal declaration; an interest releases them from the case at once."""
    case = lock(case, version)
    require(actor.person_id is not None and permissions.is_handling_officer(actor, case), "只有本案办案人员可以作出回避声明")
    if not (statement or "").strip():
        raise ValidationError({"statement": "请填写声明内容"})
    recusal = Recusal.objects.create(case=case, person=actor.person, has_interest=has_interest, statement=statement.strip())
    if has_interest:
        case.case_officers.filter(person=actor.person).update(released_at=timezone.now())
    touch(case)
    journal(actor, case, "case.recusal_declared", {
        "person": actor.person_id, "name": actor.person.name, "has_interest": has_interest, "statement": recusal.statement,
    })
    return recusal


# Limitation (PL Art. 36) ------------------------------------------------------------------------


def limitation_problem(case: Case) -> str | None:
    """PL Art. 36: a violation not discovered within 2 (or 5) years is no longer penalised."""
    if case.violation_ended_on is None:
        return "请填写违法行为终了日期，以便核查追责时效（行政处罚法第三十六条）"
    discovered = case.discovered_on or timezone.localdate()
    if discovered < case.violation_ended_on:
        return "发现日期不能早于违法行为终了日期"
    limit = calendar.add_months(case.violation_ended_on, 12 * case.limitation_years)
    if discovered > limit:
        return (f"违法行为终了于{case.violation_ended_on:%Y年%m月%d日}，至{discovered:%Y年%m月%d日}发现时已超过"
                f"{'五年' if case.limitation_years == 5 else '二年'}追责时效（行政处罚法第三十六条），不再给予行政处罚")
    return None


# Approvals (PL Art. 57) --------------------------------------------------------------------------


@transaction.atomic
def request_approval(actor, case: Case, to: str, *, reason: str, version=None) -> Approval:
    case = editable(actor, case, version)
    transition = engine.find_transition(case, to)
    if transition is None:
        raise ValidationError({"to": f"当前环节“{case.stage_name}”不能流转到“{to}”"})
    if "head_approved" not in transition.get("guards", []):
        raise ValidationError({"to": f"“{transition['name']}”不需要负责人审批"})
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写申请审批的理由"})
    if case.approvals.filter(from_stage=case.stage, to_stage=to, decision=HeadDecision.Decision.PENDING).exists():
        raise ValidationError({"to": f"“{transition['name']}”已提交审批，正在等待负责人审批"})
    approval = Approval.objects.create(
        case=case, from_stage=case.stage, to_stage=to, transition=transition["name"], reason=reason.strip(), requested_by=actor,
    )
    touch(case)
    journal(actor, case, "approval.requested", {"approval": approval.pk, "transition": approval.transition, "reason": approval.reason})
    return approval


def _answer(actor, request, *, approve: bool, comment: str):
    """A head answers a request (approval, suspension, extension): lock both, check, record. Returns the fresh case."""
    case = lock(request.case)
    require(permissions.can_approve(actor, case), "只有本机关负责人可以审批")
    request = type(request).objects.select_for_update().get(pk=request.pk)
    if request.decision != request.Decision.PENDING:
        raise ConflictError("该申请已处理")
    if request.requested_by_id == actor.pk:
        raise PermissionDenied("不能审批本人提出的申请")
    if not approve and not (comment or "").strip():
        raise ValidationError({"comment": "不同意的，请填写审批意见"})
    request.decision = request.Decision.APPROVED if approve else request.Decision.REJECTED
    request.decided_by, request.decided_at, request.comment = actor, timezone.now(), (comment or "").strip()
    request.save()
    return case, request


@transaction.atomic
def decide_approval(actor, approval: Approval, *, approve: bool, comment: str = "") -> Approval:
    case, approval = _answer(actor, approval, approve=approve, comment=comment)
    touch(case)
    journal(actor, case, "approval.decided", {
        "approval": approval.pk, "transition": approval.transition, "decision": approval.decision, "comment": approval.comment,
    })
    return approval


# Events the guards ask about ---------------------------------------------------------------------


@transaction.atomic
def record_event(actor, case: Case, *, kind: str, occurred_on: datetime.date, amount=None, note: str = "", version=None) -> CaseEvent:
    case = editable(actor, case, version)
    event = CaseEvent(case=case, kind=kind, occurred_on=occurred_on, amount=amount, note=(note or "").strip(), recorded_by=actor)
    event.full_clean()
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": "发生日期不能晚于今天"})
    if kind == CaseEvent.Kind.FINE_PAID and (amount is None or amount <= 0):
        raise ValidationError({"amount": "请填写已缴纳的罚款金额"})
    event.save()
    touch(case)
    journal(actor, case, "case.event_recorded", {
        "event": event.pk, "kind": kind, "occurred_on": occurred_on.isoformat(),
        "amount": str(amount) if amount is not None else None, "note": event.note,
    })
    return event


@transaction.atomic
def record_discussion(actor, case: Case, data: dict, *, version=None) -> CollectiveDiscussion:
    """PL Art. 57 para. 2: the heads' collective discussion, recorded by a head."""
    case = lock(case, version)
    require(permissions.can_approve(actor, case), "集体讨论由本机关负责人组织并记录")
    discussion = CollectiveDiscussion(case=case, recorded_by=actor, **data)
    discussion.full_clean()
    if discussion.held_on > timezone.localdate():
        raise ValidationError({"held_on": "讨论日期不能晚于今天"})
    discussion.save()
    touch(case)
    journal(actor, case, "discussion.recorded", {
        "discussion": discussion.pk, "held_on": discussion.held_on.isoformat(), "chair": discussion.chair,
        "participants": discussion.participants, "minutes": discussion.minutes, "conclusion": discussion.conclusion,
    })
    return discussion


# Suspension and extension (PL Art. 60) -----------------------------------------------------------


@transaction.atomic
def request_suspension(actor, case: Case, *, kind: str, reason: str, days: int | None = None, version=None) -> Suspension:
    case = editable(actor, case, version)
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写理由"})
    if kind == Suspension.Kind.EXTEND and not (days and days > 0):
        raise ValidationError({"days": "延长办案期限的，请填写延长天数"})
    if kind == Suspension.Kind.SUSPEND and case.status == Case.Status.SUSPENDED:
        raise ValidationError({"kind": "案件已中止"})
    if kind == Suspension.Kind.RESUME and case.status != Case.Status.SUSPENDED:
        raise ValidationError({"kind": "案件未中止，无需恢复"})
    if case.suspensions.filter(decision=HeadDecision.Decision.PENDING).exists():
        raise ValidationError({"kind": "已有待审批的中止或延期申请"})
    suspension = Suspension.objects.create(
        case=case, kind=kind, reason=reason.strip(), days=days if kind == Suspension.Kind.EXTEND else None, requested_by=actor,
    )
    touch(case)
    journal(actor, case, "suspension.requested", {"suspension": suspension.pk, "kind": kind, "reason": suspension.reason, "days": suspension.days})
    return suspension


def _shift_open_deadline(case: Case, days: int):
    visit = case.visits.filter(left_at__isnull=True).first()
    if visit is not None and visit.due_on is not None:
        visit.due_on = calendar.add_calendar_days(visit.due_on, days)
        visit.save(update_fields=["due_on"])


@transaction.atomic
def decide_suspension(actor, suspension: Suspension, *, approve: bool, comment: str = "") -> Suspension:
    case, suspension = _answer(actor, suspension, approve=approve, comment=comment)
    if approve:
        if suspension.kind == Suspension.Kind.SUSPEND:
            case.status = Case.Status.SUSPENDED
        elif suspension.kind == Suspension.Kind.RESUME:
            case.status = Case.Status.OPEN
            paused = (timezone.localdate() - timezone.localdate(_suspended_since(case))).days
            if paused > 0:
                _shift_open_deadline(case, paused)
        else:
            case.decision_extension_days += suspension.days
            _shift_open_deadline(case, suspension.days)
    case.version += 1
    case.save()
    journal(actor, case, "suspension.decided", {
        "suspension": suspension.pk, "kind": suspension.kind, "decision": suspension.decision, "comment": suspension.comment,
    })
    return suspension


def _suspended_since(case: Case):
    last = case.suspensions.filter(kind=Suspension.Kind.SUSPEND, decision=HeadDecision.Decision.APPROVED).order_by("-decided_at").first()
    return last.decided_at if last else timezone.now()


# Transitions --------------------------------------------------------------------------------------


ON_ENTER = {}


def on_enter(stage_code: str):
    """Register what entering a stage does beyond moving (numbering at filing, closure dates, ...)."""

    def decorator(function):
        ON_ENTER.setdefault(stage_code, []).append(function)
        return function

    return decorator


@on_enter("filing")
def _file(actor, case: Case):
    problem = limitation_problem(case)
    if problem:
        raise TransitionRefused("立案", [problem])
    case.filed_on = timezone.localdate()
    if not case.number:
        case.number = numbering.allocate(case.agency, CASE_SERIES, on=case.filed_on)


@on_enter("decision")
def _decide(actor, case: Case):
    case.decided_on = timezone.localdate()


@on_enter("closure")
def _close(actor, case: Case):
    case.closed_on = timezone.localdate()
    case.status = Case.Status.CLOSED


@on_enter("archive")
def _archive(actor, case: Case):
    case.archived_at = timezone.now()
    case.status = Case.Status.ARCHIVED


@transaction.atomic
def transition(actor, case: Case, to: str, *, version=None, comment: str = "") -> Case:
    """Move the case along its procedure when every guard holds; otherwise say exactly what is missing."""
    case = editable(actor, case, version)
    if case.status == Case.Status.SUSPENDED:
        raise TransitionRefused("流转", ["案件已中止办理，恢复后才能继续"])
    found = engine.find_transition(case, to)
    if found is None:
        raise ValidationError({"to": f"当前环节“{case.stage_name}”不能流转到“{to}”"})
    verdict = engine.check(case, found, actor=actor)
    if not verdict.allowed:
        raise TransitionRefused(verdict.name, verdict.missing)
    from_stage = case.stage
    for hook in ON_ENTER.get(to, []):
        hook(actor, case)
    visit = _enter(actor, case, to, transition=verdict.name, comment=(comment or "").strip())
    if engine.stage(case, to).get("final") and case.status == Case.Status.OPEN:
        case.status = Case.Status.ENDED
    case.version += 1
    case.save()
    journal(actor, case, "case.transitioned", {
        "from": from_stage, "to": to, "transition": verdict.name, "comment": visit.comment,
        "due_on": visit.due_on.isoformat() if visit.due_on else None, "number": case.number,
    })
    return case
