"""Every change to what an agency discloses (P11–P15), one transaction each, journalled.

A decision's disclosure is opened by :func:`open_disclosure`, which the documents service's
``document_issued`` signal calls inside the transaction that issues the decision — so no issued
decision ever lacks its disclosure. From there the clerk reviews the masked copy and publishes
(or the agency's policy publishes it at once), records a legal exception, or withdraws a published
decision that was revoked, found unlawful or re-made. Events about a decision are journalled with
its case as subject (``cases.services.journal``), so the case's timeline shows them.
"""

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhifa.cases.services import journal
from zhifa.core import calendar
from zhifa.core.errors import ConflictError
from zhifa.ledger.services import append

from . import extract, masking, permissions, search
from .models import (
    Disclosure,
    DisclosurePolicy,
    ExceptionKind,
    PostBoard,
    PublishedDecision,
    WithdrawalKind,
)
from .policy import DECISION_TEMPLATES, days_for, policy_for, rules_for

MAX_TERMS = 50


def _require(allowed: bool, message: str):
    if not allowed:
        raise PermissionDenied(message)


def _locked(disclosure: Disclosure, version=None) -> Disclosure:
    fresh = Disclosure.objects.select_for_update().select_related("agency", "case", "document__template").filter(
        pk=disclosure.pk).first()
    if fresh is None:
        raise ConflictError("该公示记录已不存在")
    if version not in (None, "") and int(version) != fresh.version:
        raise ConflictError("该公示记录已被他人修改，请刷新后重试")
    return fresh


def _bump(disclosure: Disclosure):
    disclosure.version += 1
    disclosure.save()


# Opening ----------------------------------------------------------------------------------------


def open_disclosure(actor, document, *, docx: bytes, previous=None) -> Disclosure | None:
    """Open the disclosure of a just-issued decision: due date on the working-day calendar (P12).

    Runs inside the issuing transaction (no ``atomic`` of its own is needed, one is used to be safe
    when called directly). Documents that are not decisions are ignored. A decision on a minor, or a
    warning-only penalty where the agency withholds those, is recorded as not to be published.
    """
    category = DECISION_TEMPLATES.get(document.template.code)
    if category is None:
        return None
    with transaction.atomic():
        case = document.case
        policy = policy_for(case.agency)
        opened_on = extract.decided_on(document)
        due = calendar.add_working_days(opened_on, days_for(policy, category))
        disclosure = Disclosure.objects.create(
            agency=case.agency, case=case, document=document, category=category, title=document.title,
            number=document.number, opened_on=opened_on, due_on=due.as_date(), due_confirmed=due.confirmed,
            source_text=extract.document_text(docx),
        )
        exception = _automatic_exception(case, category, opened_on, policy)
        if exception:
            disclosure.status = Disclosure.Status.WITHHELD
            disclosure.exception_kind, disclosure.exception_reason = exception
            disclosure.exception_recorded_at = timezone.now()
            disclosure.save()
        journal(actor, case, "disclosure.opened", {
            "disclosure": disclosure.pk, "document": document.pk, "title": disclosure.title,
            "number": disclosure.number, "category": category, "opened_on": opened_on.isoformat(),
            "due_on": disclosure.due_on.isoformat(), "due_confirmed": disclosure.due_confirmed,
            "exception": disclosure.exception_kind or None,
        })
        if previous is not None:
            _supersede(actor, previous, disclosure)
        if policy.auto_publish and disclosure.status == Disclosure.Status.PENDING:
            _publish(actor, disclosure, automatic=True)
        return disclosure


def _automatic_exception(case, category, day, policy) -> tuple[str, str] | None:
    if extract.concerns_minor(case, day):
        return ExceptionKind.MINOR, "当事人在作出决定时未满十八周岁，依法不予公开（未成年人保护法第一百一十条）"
    if policy.withhold_warning_only and extract.is_warning_only(case, category):
        return ExceptionKind.WARNING_ONLY, "仅给予警告的行政处罚，按本机关公示规则不予公示"
    return None


def _supersede(actor, previous_document, disclosure: Disclosure):
    """A corrected decision replaces its predecessor: a published one comes down when the correction goes up."""
    old = Disclosure.objects.select_for_update().filter(document=previous_document).first()
    if old is None:
        return
    old.superseded_by = disclosure
    if old.status == Disclosure.Status.PUBLISHED:
        reason = disclosure.document.correction_reason or "以更正后的决定书为准"
        _open_withdrawal(old, WithdrawalKind.CORRECTED, reason, disclosure.opened_on)
    elif old.status == Disclosure.Status.PENDING:
        old.status = Disclosure.Status.SUPERSEDED
    _bump(old)
    journal(actor, old.case, "disclosure.superseded", {
        "disclosure": old.pk, "superseded_by": disclosure.pk, "status": old.status,
        "withdrawal_due_on": old.withdrawal_due_on.isoformat() if old.withdrawal_due_on else None,
    })


# The masked copy ----------------------------------------------------------------------------------


def prepare(disclosure: Disclosure):
    """The spans the clerk reviews and the options that produced them (policy, case data, clerk's choices)."""
    policy = policy_for(disclosure.agency)
    people = extract.case_people(disclosure.case, mask_party_names=policy.mask_party_names)
    options = {
        "rules": rules_for(policy), "keep": people.keep + list(disclosure.keep_terms or []),
        "known_terms": people.terms, "extra_terms": list(disclosure.extra_masks or []),
    }
    return masking.find_spans(disclosure.source_text, people.mask, **options), people, options, policy


def _clean_terms(values, field: str) -> list[str]:
    terms = [v.strip() for v in values if v and v.strip()]
    if len(terms) > MAX_TERMS:
        raise ValidationError({field: f"最多{MAX_TERMS}项"})
    for term in terms:
        if len(term) < 2 or len(term) > 100:
            raise ValidationError({field: f"“{term[:20]}”应为2至100个字"})
    return list(dict.fromkeys(terms))


@transaction.atomic
def set_masks(actor, disclosure: Disclosure, *, extra_masks: list[str], keep_terms: list[str], version=None):
    """The clerk masks more words by hand, or confirms that a word the role-word rule took is no name."""
    disclosure = _locked(disclosure, version)
    _require(permissions.can_manage(actor, disclosure.agency), "只有本机关公示管理员或机关负责人可以审核脱敏文本")
    if disclosure.status != Disclosure.Status.PENDING:
        raise ValidationError({"extra_masks": "只能修改待公示决定的脱敏设置"})
    disclosure.extra_masks = _clean_terms(extra_masks, "extra_masks")
    disclosure.keep_terms = _clean_terms(keep_terms, "keep_terms")
    _bump(disclosure)
    journal(actor, disclosure.case, "disclosure.masks_set", {
        "disclosure": disclosure.pk, "extra_masks": len(disclosure.extra_masks),
        "keep_terms": len(disclosure.keep_terms),
    })
    return disclosure


# Publication -------------------------------------------------------------------------------------


@transaction.atomic
def publish(actor, disclosure: Disclosure, *, version=None) -> PublishedDecision:
    """The clerk has checked every masked span: the desensitised snapshot goes public (P12, P15)."""
    disclosure = _locked(disclosure, version)
    _require(permissions.can_manage(actor, disclosure.agency), "只有本机关公示管理员或机关负责人可以发布公示")
    return _publish(actor, disclosure, automatic=False)


def _publish(actor, disclosure: Disclosure, *, automatic: bool) -> PublishedDecision:
    if disclosure.status != Disclosure.Status.PENDING:
        raise ValidationError({"status": f"该决定{disclosure.get_status_display()}，不能公示"})
    spans, people, options, policy = prepare(disclosure)
    mask = lambda text: masking.desensitise(text, people.mask, **options)  # noqa: E731 - same options throughout
    case, document = disclosure.case, disclosure.document
    target = extract.target_of(case, mask_party_names=policy.mask_party_names)
    content = masking.apply(disclosure.source_text, spans)
    now = timezone.now()
    decision = PublishedDecision(
        disclosure=disclosure, agency=disclosure.agency, agency_name=disclosure.agency.name,
        category=disclosure.category, title=disclosure.title, number=disclosure.number,
        case_title=mask(case.title), target=mask(target.name), target_kind=target.kind, target_code=target.code,
        conclusion=mask(extract.conclusion_of(document, case)), basis=mask(extract.basis_of(document, case)),
        decided_on=disclosure.opened_on, content=content, published_at=now,
        fine_amount=case.fine_amount if disclosure.category == "penalty" else None,
        confiscation_amount=case.confiscation_amount if disclosure.category == "penalty" else None,
    )
    decision.tokens = search.tokens_for(decision.title, decision.number, decision.case_title, decision.target,
                                        decision.conclusion, decision.agency_name, decision.content)
    decision.save()
    search.index(decision)
    disclosure.status, disclosure.published_at, disclosure.published_automatically = (
        Disclosure.Status.PUBLISHED, now, automatic)
    disclosure.published_by = actor if getattr(actor, "is_authenticated", False) else None
    _bump(disclosure)
    journal(actor, case, "decision.published", {
        "disclosure": disclosure.pk, "decision": decision.pk, "number": decision.number, "automatic": automatic,
        "masked_spans": len(spans), "content_sha256": hashlib.sha256(content.encode("utf-8")).hexdigest(),
        "due_on": disclosure.due_on.isoformat(), "late": timezone.localdate(now) > disclosure.due_on,
    })
    for old in Disclosure.objects.select_for_update().filter(superseded_by=disclosure, withdrawn_at__isnull=True,
                                                            withdrawal_due_on__isnull=False):
        _take_down(actor, old, superseded_by=decision)
    return decision


# Exceptions -----------------------------------------------------------------------------------------


@transaction.atomic
def withhold(actor, disclosure: Disclosure, *, kind: str, reason: str, version=None) -> Disclosure:
    """Record a legal exception: the decision is not published; a published one comes down at once."""
    disclosure = _locked(disclosure, version)
    _require(permissions.can_manage(actor, disclosure.agency), "只有本机关公示管理员或机关负责人可以记录不予公示")
    if kind not in ExceptionKind.values:
        raise ValidationError({"kind": "请选择不予公示的法定情形"})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请写明不予公示的理由和依据"})
    if disclosure.status not in {Disclosure.Status.PENDING, Disclosure.Status.PUBLISHED}:
        raise ValidationError({"kind": f"该决定{disclosure.get_status_display()}，无需再记录不予公示"})
    was_published = disclosure.status == Disclosure.Status.PUBLISHED
    disclosure.exception_kind, disclosure.exception_reason = kind, reason
    disclosure.exception_recorded_at = timezone.now()
    disclosure.status = Disclosure.Status.WITHHELD
    if was_published:
        today = timezone.localdate()
        _open_withdrawal(disclosure, WithdrawalKind.EXCEPTION, ExceptionKind(kind).label, today)
    _bump(disclosure)
    journal(actor, disclosure.case, "disclosure.withheld", {
        "disclosure": disclosure.pk, "kind": kind, "reason": reason, "was_published": was_published,
    })
    if was_published:
        _take_down(actor, disclosure)
    return disclosure


# Withdrawal (P13) -------------------------------------------------------------------------------------


def _open_withdrawal(disclosure: Disclosure, kind: str, reason: str, occurred_on):
    policy = policy_for(disclosure.agency)
    disclosure.withdrawal_kind, disclosure.withdrawal_reason = kind, reason
    disclosure.withdrawal_opened_on = occurred_on
    disclosure.withdrawal_due_on = calendar.add_working_days(occurred_on, policy.withdrawal_days).as_date()


@transaction.atomic
def open_withdrawal(actor, disclosure: Disclosure, *, kind: str, reason: str, occurred_on, version=None,
                    withdraw_now: bool = False) -> Disclosure:
    """A published decision was revoked, found unlawful or must be re-made: it comes down within the period."""
    disclosure = _locked(disclosure, version)
    _require(permissions.can_manage(actor, disclosure.agency), "只有本机关公示管理员或机关负责人可以撤下公示")
    if disclosure.status != Disclosure.Status.PUBLISHED:
        raise ValidationError({"kind": "只有已公示的决定需要撤下"})
    if disclosure.withdrawal_open:
        raise ValidationError({"kind": f"已登记撤下事由，应于{disclosure.withdrawal_due_on:%Y年%m月%d日}前撤下"})
    if kind not in {WithdrawalKind.REVOKED, WithdrawalKind.UNLAWFUL, WithdrawalKind.REMADE}:
        raise ValidationError({"kind": "请选择撤下原因：被依法撤销、被确认违法或被要求重新作出"})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写向社会公开的撤下理由"})
    if occurred_on is None or occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": "请填写撤销等决定的作出日期，且不能晚于今天"})
    if occurred_on < disclosure.opened_on:
        raise ValidationError({"occurred_on": "撤销等决定的日期不能早于原决定日期"})
    _open_withdrawal(disclosure, kind, reason, occurred_on)
    _bump(disclosure)
    journal(actor, disclosure.case, "disclosure.withdrawal_opened", {
        "disclosure": disclosure.pk, "kind": kind, "reason": reason, "occurred_on": occurred_on.isoformat(),
        "withdrawal_due_on": disclosure.withdrawal_due_on.isoformat(),
    })
    if withdraw_now:
        _take_down(actor, disclosure)
    return disclosure


@transaction.atomic
def withdraw(actor, disclosure: Disclosure, *, version=None) -> Disclosure:
    disclosure = _locked(disclosure, version)
    _require(permissions.can_manage(actor, disclosure.agency), "只有本机关公示管理员或机关负责人可以撤下公示")
    if not disclosure.withdrawal_open:
        raise ValidationError({"kind": "请先登记撤下事由"})
    _take_down(actor, disclosure)
    return disclosure


def _take_down(actor, disclosure: Disclosure, *, superseded_by: PublishedDecision | None = None):
    """The public notice replaces the decision on the portal; the snapshot itself stays (history)."""
    now = timezone.now()
    decision = PublishedDecision.objects.select_for_update().filter(disclosure=disclosure).first()
    if decision is not None and decision.status == PublishedDecision.Status.CURRENT:
        decision.status = (PublishedDecision.Status.SUPERSEDED if superseded_by
                           else PublishedDecision.Status.WITHDRAWN)
        decision.withdrawn_at, decision.superseded_by = now, superseded_by
        decision.withdrawal_notice = f"{disclosure.get_withdrawal_kind_display()}：{disclosure.withdrawal_reason}"
        decision.save()
    disclosure.withdrawn_at = now
    disclosure.withdrawn_by = actor if getattr(actor, "is_authenticated", False) else None
    if disclosure.status == Disclosure.Status.PUBLISHED:
        disclosure.status = (Disclosure.Status.SUPERSEDED if superseded_by else Disclosure.Status.WITHDRAWN)
    _bump(disclosure)
    journal(actor, disclosure.case, "decision.withdrawn", {
        "disclosure": disclosure.pk, "decision": decision.pk if decision else None, "kind": disclosure.withdrawal_kind,
        "reason": disclosure.withdrawal_reason, "withdrawal_due_on": disclosure.withdrawal_due_on.isoformat(),
        "late": timezone.localdate(now) > disclosure.withdrawal_due_on,
        "superseded_by": superseded_by.pk if superseded_by else None,
    })


# Policy ------------------------------------------------------------------------------------------------

POLICY_FIELDS = ("penalty_days", "licence_days", "other_days", "withdrawal_days", "auto_publish", "mask_party_names",
                 "withhold_warning_only", "masked_categories", "extra_patterns", "complaint_acceptance_days",
                 "report_due_month", "report_due_day")


@transaction.atomic
def save_policy(actor, agency, data: dict, *, version=None) -> DisclosurePolicy:
    _require(permissions.can_configure(actor, agency), "只有本机关负责人或本区域系统管理员可以设置公示规则")
    policy = DisclosurePolicy.objects.select_for_update().filter(agency=agency).first() or DisclosurePolicy(agency=agency)
    if policy.pk and version not in (None, "") and int(version) != policy.version:
        raise ConflictError("公示规则已被他人修改，请刷新后重试")
    unknown = set(data) - set(POLICY_FIELDS)
    if unknown:
        raise ValidationError({name: "该项不能在此设置" for name in sorted(unknown)})
    changes = {}
    for name, value in data.items():
        if getattr(policy, name) != value:
            changes[name] = [getattr(policy, name), value]
            setattr(policy, name, value)
    policy.full_clean()
    if policy.pk:
        policy.version += 1
    policy.save()
    append("disclosure.policy_saved", policy, actor, agency, {"changes": changes, "version": policy.version})
    return policy


# Post information boards (P11) ---------------------------------------------------------------------------

BOARD_FIELDS = ("name", "location", "duties", "item_codes", "sample_materials", "consultation", "complaint_channel",
                "is_published")


@transaction.atomic
def save_board(actor, agency, data: dict, *, board: PostBoard | None = None, people=None, version=None) -> PostBoard:
    _require(permissions.can_manage(actor, agency), "只有本机关公示管理员或机关负责人可以维护岗位信息公示牌")
    if board is not None:
        board = PostBoard.objects.select_for_update().filter(pk=board.pk, agency=agency).first()
        if board is None:
            raise ConflictError("该公示牌已不存在")
        if version not in (None, "") and int(version) != board.version:
            raise ConflictError("该公示牌已被他人修改，请刷新后重试")
        board.version += 1
    else:
        board = PostBoard(agency=agency)
    unknown = set(data) - set(BOARD_FIELDS)
    if unknown:
        raise ValidationError({name: "该项不能在此设置" for name in sorted(unknown)})
    for name, value in data.items():
        setattr(board, name, value)
    if people is not None and any(p.agency_id != agency.pk for p in people):
        raise ValidationError({"people": "在岗人员必须是本机关人员"})
    if board.is_published and board.published_at is None:
        board.published_at = timezone.now()
    if not board.is_published:
        board.published_at = None
    board.full_clean()
    board.save()
    if people is not None:
        board.people.set(people)
    append("disclosure.board_saved", board, actor, agency, {
        "name": board.name, "published": board.is_published, "people": [p.pk for p in board.people.all()],
        "item_codes": board.item_codes, "version": board.version,
    })
    return board
