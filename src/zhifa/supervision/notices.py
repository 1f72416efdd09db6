"""Notices (通报, I5) and the rectification they or an evaluation demand, tracked to completion.

A supervisor issues a notice to agencies of the region; when it demands rectification, each
agency gets a :class:`Rectification` with the due date. The agency's head reports what was done;
the supervisor accepts it or returns it (with a new date) — until accepted. An open rectification
past its date is a red warning (rule ``rectification``).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.core import numbering
from zhifa.core.scoping import scope_for
from zhifa.ledger.services import append

from .models import Notice, NoticeRecipient, Notification, Rectification
from .services import check_version, require_supervisor_of

NOTICE_SERIES = "通"
HEADS = (Role.AGENCY_HEAD, Role.DEPT_HEAD)


def _text(value, field, label, maximum=None) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: f"请填写{label}（{field}）"})
    if maximum and len(text) > maximum:
        raise ValidationError({field: f"{label}（{field}）不超过{maximum}个字"})
    return text


def _future(due_on, field="due_on", label="整改期限"):
    if not isinstance(due_on, datetime.date):
        raise ValidationError({field: f"请填写{label}（{field}），格式为 YYYY-MM-DD"})
    if due_on <= timezone.localdate():
        raise ValidationError({field: f"{label}（{field}）须晚于今天"})
    return due_on


def _tell(users, key: str, text: str, link: str):
    now = timezone.now()
    existing = set(Notification.objects.filter(key=key, user__in=users).values_list("user_id", flat=True))
    Notification.objects.bulk_create([Notification(user=u, key=key, text=text[:300], link=link, created_at=now)
                                      for u in users if u.pk not in existing])


def _heads_of(agencies):
    return list(User.objects.filter(agency__in=agencies, role__in=HEADS, is_active=True))


def new_rectification(actor, agency, *, requirement, due_on, notice=None, evaluation=None) -> Rectification:
    """Inside the caller's transaction: one rectification for ``agency``, journalled, its heads told."""
    rectification = Rectification.objects.create(
        agency=agency, notice=notice, evaluation=evaluation, requirement=_text(requirement, "requirement", "整改要求", 2000),
        due_on=_future(due_on), issued_by=actor, issued_at=timezone.now())
    append("rectification.issued", rectification, actor, agency, {
        "requirement": rectification.requirement, "due_on": rectification.due_on.isoformat(),
        "notice": notice.pk if notice else None, "evaluation": evaluation.pk if evaluation else None,
        "case": evaluation.case.display_number if evaluation else None,
    })
    _tell(_heads_of([agency]), f"rectification:{rectification.pk}", f"整改要求：{rectification.requirement[:80]}",
          reverse("supervision:rectification", args=[rectification.pk]))
    return rectification


@transaction.atomic
def issue_notice(actor, *, kind: str, title: str, body: str, agencies, rectification_required: bool = False,
                 rectification_due_on=None, requirement: str = "") -> Notice:
    """A supervisor issues a notice to agencies of the region; numbered from the bureau's series when it has one."""
    if not actor.is_authenticated or actor.role != Role.SUPERVISOR:
        raise PermissionDenied("只有执法监督人员可以发布通报")
    scope = scope_for(actor)
    errors = {}
    if kind not in Notice.Kind.values:
        errors["kind"] = f"通报类别（kind）须为以下之一：{'、'.join(Notice.Kind.labels)}"
    agencies = list(agencies or [])
    if not agencies:
        errors["agencies"] = "请选择通报对象（agencies）"
    elif any(not scope.covers_agency(a) for a in agencies):
        errors["agencies"] = "通报对象（agencies）须为您监督区域内的执法主体"
    for field, label, value, maximum in (("title", "标题", title, 200), ("body", "正文", body, 20000)):
        try:
            _text(value, field, label, maximum)
        except ValidationError as error:
            errors.update(error.message_dict)
    if rectification_required:
        try:
            _future(rectification_due_on, "rectification_due_on")
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    number = numbering.allocate(actor.agency, NOTICE_SERIES) if actor.agency_id else ""
    notice = Notice.objects.create(
        number=number, kind=kind, title=title.strip(), body=body.strip(), region_code=actor.region_code or
        actor.agency.region_code, rectification_required=rectification_required,
        rectification_due_on=rectification_due_on if rectification_required else None, issued_by=actor,
        issued_at=timezone.now())
    NoticeRecipient.objects.bulk_create([NoticeRecipient(notice=notice, agency=a) for a in agencies])
    append("notice.issued", notice, actor, actor.agency, {
        "number": number, "kind": kind, "title": notice.title, "agencies": sorted(a.pk for a in agencies),
        "rectification_due_on": notice.rectification_due_on.isoformat() if notice.rectification_due_on else None,
    })
    link = reverse("supervision:notice", args=[notice.pk])
    _tell(list(User.objects.filter(agency__in=agencies, is_active=True).exclude(role="")), f"notice:{notice.pk}",
          f"{notice.get_kind_display()}：{notice.title}", link)
    if rectification_required:
        for agency in agencies:
            new_rectification(actor, agency, requirement=requirement or f"按照《{notice.title}》要求整改",
                              due_on=rectification_due_on, notice=notice)
    return notice


@transaction.atomic
def acknowledge(actor, recipient: NoticeRecipient) -> NoticeRecipient:
    """签收: a head of the agency confirms the notice reached it."""
    recipient = NoticeRecipient.objects.select_for_update().select_related("notice", "agency").get(pk=recipient.pk)
    if actor.role not in HEADS or actor.agency_id != recipient.agency_id:
        raise PermissionDenied("只有被通报单位的负责人可以签收")
    if recipient.acknowledged_at is not None:
        raise ValidationError({"notice": "该通报已签收"})
    recipient.acknowledged_at, recipient.acknowledged_by = timezone.now(), actor
    recipient.save()
    append("notice.acknowledged", recipient.notice, actor, recipient.agency, {"agency": recipient.agency.name})
    return recipient


def _locked(rectification, version) -> Rectification:
    fresh = Rectification.objects.select_for_update().select_related("agency").get(pk=rectification.pk)
    check_version(version, fresh.version, "该整改事项已被他人修改，请刷新后重试")
    return fresh


@transaction.atomic
def report(actor, rectification: Rectification, *, text: str, version=None) -> Rectification:
    """The agency's head reports what was put right."""
    rectification = _locked(rectification, version)
    if actor.role not in HEADS or actor.agency_id != rectification.agency_id:
        raise PermissionDenied("只有被要求整改单位的负责人可以报送整改情况")
    if rectification.status not in (Rectification.Status.OPEN, Rectification.Status.RETURNED):
        raise ValidationError({"status": f"该整改事项{rectification.get_status_display()}，不能报送"})
    rectification.report = _text(text, "report", "整改情况", 5000)
    rectification.status = Rectification.Status.REPORTED
    rectification.reported_at, rectification.reported_by = timezone.now(), actor
    rectification.version += 1
    rectification.save()
    late = rectification.reported_at.date() > rectification.due_on
    append("rectification.reported", rectification, actor, rectification.agency, {
        "report": rectification.report, "late": late, "due_on": rectification.due_on.isoformat()})
    _tell(list(User.objects.filter(pk=rectification.issued_by_id)), f"rectification:{rectification.pk}:reported",
          f"{rectification.agency.short_name}已报送整改情况", reverse("supervision:rectification", args=[rectification.pk]))
    return rectification


@transaction.atomic
def verify(actor, rectification: Rectification, *, accept: bool, verdict: str = "", new_due_on=None,
           version=None) -> Rectification:
    """The supervisor accepts the rectification, or returns it with the reason and a new date."""
    rectification = _locked(rectification, version)
    require_supervisor_of(actor, rectification.agency, "只有本区域的执法监督人员可以审核整改情况")
    if rectification.status != Rectification.Status.REPORTED:
        raise ValidationError({"status": "只有已报送的整改情况可以审核"})
    if accept:
        rectification.status = Rectification.Status.ACCEPTED
        rectification.verdict = (verdict or "").strip()
    else:
        rectification.verdict = _text(verdict, "verdict", "退回理由", 2000)
        rectification.due_on = _future(new_due_on, "new_due_on", "新的整改期限")
        rectification.status = Rectification.Status.RETURNED
    rectification.verified_at, rectification.verified_by = timezone.now(), actor
    rectification.version += 1
    rectification.save()
    append("rectification.verified", rectification, actor, rectification.agency, {
        "accepted": accept, "verdict": rectification.verdict, "due_on": rectification.due_on.isoformat()})
    _tell(_heads_of([rectification.agency]), f"rectification:{rectification.pk}:{rectification.version}",
          f"整改{'已通过审核' if accept else '被退回，请重新整改'}：{rectification.requirement[:60]}",
          reverse("supervision:rectification", args=[rectification.pk]))
    return rectification
