"""Every change to a complaint (P11): filed by anyone, then registered as a lead, refused, or answered.

Filing takes the tracking number from the agency's ``投诉举报`` series inside the transaction that
stores the complaint (gap-free), computes the acceptance deadline on the working-day calendar and
journals the filing by digest (the complainant's details stay in the agency's table only).
Registering calls ``cases.services.register_lead``: the complaint becomes a lead of the agency's
workbench, with the tracking number as its reference and the day the public filed it as the lead's
receipt date; the complaint's own acceptance deadline is the agency's policy (7 working days by default).
"""

import hashlib
import re
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhifa.cases import permissions as case_permissions
from zhifa.cases import services as cases
from zhifa.core import calendar, numbering
from zhifa.core.errors import ConflictError
from zhifa.disclosure.policy import policy_for
from zhifa.ledger.services import append

from .models import Complaint

SERIES = "投诉举报"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_PHONE = re.compile(r"^(?:\+?86[-\s]?)?1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$")


def code_digest(number: str, code: str) -> str:
    return hashlib.sha256(f"{number}|{code.strip().upper()}".encode()).hexdigest()


def _clean(data: dict) -> dict:
    errors = {}
    kind = data.get("kind")
    if kind not in Complaint.Kind.values:
        errors["kind"] = "请选择投诉或举报"
    subject = (data.get("subject") or "").strip()
    content = (data.get("content") or "").strip()
    name = (data.get("name") or "").strip()
    phone = re.sub(r"\s", "", data.get("phone") or "")
    if not subject:
        errors["subject"] = "请填写被投诉举报的单位或个人"
    elif len(subject) > 200:
        errors["subject"] = "被投诉举报对象不能超过200字"
    if len(content) < 10:
        errors["content"] = "请具体描述投诉举报的事项（不少于10个字）"
    elif len(content) > 5000:
        errors["content"] = "投诉举报内容不能超过5000字"
    if kind == Complaint.Kind.COMPLAINT and not name:
        errors["name"] = "投诉须留下姓名，以便处理和答复；不愿留名的，可以选择“举报”"
    if len(name) > 50:
        errors["name"] = "姓名不能超过50字"
    if kind == Complaint.Kind.COMPLAINT and not phone:
        errors["phone"] = "投诉须留下联系电话，以便处理和答复"
    if phone and not _PHONE.match(phone):
        errors["phone"] = "联系电话格式不正确，应为手机号码或带区号的固定电话，如 13905521234 或 0552-2052150"
    if errors:
        raise ValidationError(errors)
    return {"kind": kind, "subject": subject, "content": content, "name": name, "phone": phone}


@transaction.atomic
def file_complaint(agency, data: dict, *, source: str) -> tuple[Complaint, str]:
    """Anyone files a complaint or report; returns it and the query code shown once to the filer."""
    if agency is None:
        raise ValidationError({"agency": "请选择受理的执法机关"})
    cleaned = _clean(data)
    now = timezone.now()
    policy = policy_for(agency)
    due = calendar.add_working_days(timezone.localdate(now), policy.complaint_acceptance_days)
    number = numbering.allocate(agency, SERIES, on=timezone.localdate(now))
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    complaint = Complaint.objects.create(
        agency=agency, number=number, received_at=now, acceptance_due_on=due.as_date(),
        query_code_sha256=code_digest(number, code), source_sha256=source, **cleaned,
    )
    append("complaint.filed", complaint, None, agency, {
        "number": number, "kind": complaint.kind, "acceptance_due_on": complaint.acceptance_due_on.isoformat(),
        "content_sha256": hashlib.sha256(f"{cleaned['subject']}\n{cleaned['content']}".encode()).hexdigest(),
        "anonymous": not cleaned["name"],
    })
    return complaint, code


def _locked(actor, complaint: Complaint, version=None) -> Complaint:
    fresh = Complaint.objects.select_for_update().select_related("agency").filter(pk=complaint.pk).first()
    if fresh is None:
        raise ConflictError("该投诉举报已不存在")
    if version not in (None, "") and int(version) != fresh.version:
        raise ConflictError("该投诉举报已被他人处理，请刷新后重试")
    if not case_permissions.can_register_lead(actor, fresh.agency):
        raise PermissionDenied("只有本机关执法人员和负责人可以受理投诉举报")
    return fresh


def _decided(actor, complaint: Complaint, status: str):
    if complaint.status != Complaint.Status.RECEIVED:
        raise ValidationError({"status": f"该投诉举报{complaint.get_status_display()}，不能重复受理"})
    complaint.status, complaint.decided_at, complaint.decided_by = status, timezone.now(), actor
    complaint.version += 1


@transaction.atomic
def register_lead(actor, complaint: Complaint, *, title: str = "", version=None) -> Complaint:
    """受理: the complaint becomes a lead of the agency (R2: the lead stage, its filing deadline running)."""
    complaint = _locked(actor, complaint, version)
    _decided(actor, complaint, Complaint.Status.REGISTERED)
    reporter = "，".join(filter(None, [complaint.name, complaint.phone])) or "匿名举报"
    case = cases.register_lead(actor, {
        "source": "complaint", "summary": complaint.content, "party_name": complaint.subject,
        "reporter": reporter[:200], "reference": complaint.number,
        "received_on": timezone.localdate(complaint.received_at),
        "title": (title or "").strip()[:200] or f"{complaint.get_kind_display()}：{complaint.subject}"[:200],
    })
    complaint.lead = case.lead
    complaint.save()
    append("complaint.registered", complaint, actor, complaint.agency, {
        "number": complaint.number, "lead": case.lead.number, "case": case.pk,
    })
    return complaint


@transaction.atomic
def reject(actor, complaint: Complaint, *, reason: str, version=None) -> Complaint:
    """不予受理, with the reason the complainant will read (e.g. not this agency's jurisdiction)."""
    complaint = _locked(actor, complaint, version)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写不予受理的理由，投诉举报人可查询"})
    _decided(actor, complaint, Complaint.Status.REJECTED)
    complaint.rejection_reason = reason
    complaint.save()
    append("complaint.rejected", complaint, actor, complaint.agency, {"number": complaint.number, "reason": reason})
    return complaint


@transaction.atomic
def answer(actor, complaint: Complaint, *, text: str, version=None) -> Complaint:
    """办结: the outcome told to the complainant (after the lead was handled)."""
    complaint = _locked(actor, complaint, version)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "请填写答复内容"})
    if complaint.status != Complaint.Status.REGISTERED:
        raise ValidationError({"text": "只有已受理的投诉举报才能办结答复"})
    complaint.status, complaint.answer, complaint.answered_at = Complaint.Status.ANSWERED, text, timezone.now()
    complaint.version += 1
    complaint.save()
    append("complaint.answered", complaint, actor, complaint.agency, {"number": complaint.number, "answer": text})
    return complaint
