"""Reads of complaints: the agency's staff see their own agency's; the public sees progress only (P11)."""

import hmac
import re
from dataclasses import dataclass, field

from django.http import Http404

from zhifa.accounts.roles import Role
from zhifa.cases.models import Case

from .models import Complaint
from .services import code_digest

STAFF = frozenset({Role.OFFICER, Role.DEPT_HEAD, Role.AGENCY_HEAD, Role.PUBLISHER})


def complaints(user, *, status: str = ""):
    if not user.is_authenticated or user.role not in STAFF or not user.agency_id:
        return Complaint.objects.none()
    queryset = Complaint.objects.filter(agency_id=user.agency_id).select_related("lead__case")
    return queryset.filter(status=status) if status in Complaint.Status.values else queryset


def get_complaint(user, pk) -> Complaint:
    try:
        return complaints(user).get(pk=pk)
    except (Complaint.DoesNotExist, ValueError, TypeError):
        raise Http404("投诉举报不存在或无权查看") from None


# Progress lookup (P11: 办理进度查询) ---------------------------------------------------------------


@dataclass
class Progress:
    """What the public may read about a matter: its number, where it stands, and the steps so far."""

    kind: str
    number: str
    agency: str
    status: str
    steps: list = field(default_factory=list)  # (date, text)
    due_on: object = None
    reply: str = ""


def normalise(number: str) -> str:
    """People type brackets as they can: [2026] 【2026】 (2026) all mean 〔2026〕."""
    number = re.sub(r"\s", "", number or "")
    return re.sub(r"[\[【(（]", "〔", re.sub(r"[\]】)）]", "〕", number))[:60]


def complaint_progress(number: str, code: str) -> Progress | None:
    """A complaint's progress, for whoever holds its number and query code."""
    complaint = Complaint.objects.select_related("agency", "lead__case").filter(number=normalise(number)).first()
    if complaint is None or not hmac.compare_digest(complaint.query_code_sha256, code_digest(complaint.number, code or "")):
        return None
    steps = [(complaint.received_at, "已收到投诉举报")]
    status = complaint.get_status_display()
    if complaint.status == Complaint.Status.REJECTED:
        steps.append((complaint.decided_at, f"不予受理：{complaint.rejection_reason}"))
    elif complaint.lead_id:
        steps.append((complaint.decided_at, "已受理，登记为案源进行核查"))
        case = getattr(complaint.lead, "case", None)
        if case is not None:
            steps += _case_steps(case)
            if complaint.status == Complaint.Status.REGISTERED and case.filed_on:
                status = "已立案调查" if not case.decided_on else "已作出处理决定"
    if complaint.status == Complaint.Status.ANSWERED:
        steps.append((complaint.answered_at, "已办结并答复"))
    return Progress("投诉举报", complaint.number, complaint.agency.name, status, steps,
                    complaint.acceptance_due_on if complaint.status == Complaint.Status.RECEIVED else None,
                    complaint.answer)


def _case_steps(case) -> list:
    steps = []
    if case.filed_on:
        steps.append((case.filed_on, "已立案调查"))
    elif case.stage == "not_filed":
        steps.append((case.stage_entered_at, "经核查，不予立案"))
    if case.decided_on:
        steps.append((case.decided_on, "已作出处理决定"))
    if case.closed_on:
        steps.append((case.closed_on, "已结案"))
    return steps


def application_progress(number: str, applicant: str) -> Progress | None:
    """An application's progress (licence procedure) for whoever gives its number and the applicant's name or code."""
    applicant = (applicant or "").strip().upper()
    if not applicant:
        return None
    case = Case.objects.select_related("agency", "procedure").filter(
        number=normalise(number), procedure__kind="licence").first()
    if case is None:
        return None
    parties = [link.party for link in case.case_parties.select_related("party")]
    if not any(applicant in {p.name.upper(), p.uscc, p.id_number} for p in parties):
        return None
    steps = [(case.filed_on or case.created_at, "已受理申请")]
    steps += [(visit.entered_at, f"进入“{visit.stage_name}”环节") for visit in case.visits.all()[1:]]
    status = case.get_status_display() if case.status != Case.Status.OPEN else f"办理中（{case.stage_name}）"
    return Progress("申请事项", case.number, case.agency.name, status, steps)
