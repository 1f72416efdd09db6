"""Every change to an annual report (P14): generate, fill in, approve (sealed PDF), publish and report.

The clerk (or the head) generates the draft from the records and enters the outcomes that arrive
from outside; the agency head approves, which freezes the figures and seals the PDF in the agency's
name (LibreOffice and ``signing.services.sign_pdf``, as every document); the clerk publishes, which
puts the report on the portal and records it as reported to the superior department.
"""

import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhifa.core.errors import ConflictError
from zhifa.disclosure import permissions
from zhifa.disclosure.policy import policy_for, report_due_on
from zhifa.ledger import blobs
from zhifa.ledger.services import append

from . import figures as compute
from .models import MANUAL_FIELDS, AnnualReport


class ReportUnavailable(Exception):
    """The PDF cannot be made for a reason of the installation (no LibreOffice, no signing certificate)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _require(allowed: bool, message: str):
    if not allowed:
        raise PermissionDenied(message)


def _locked(report: AnnualReport, version=None) -> AnnualReport:
    fresh = AnnualReport.objects.select_for_update().select_related("agency").filter(pk=report.pk).first()
    if fresh is None:
        raise ConflictError("该年度报告已不存在")
    if version not in (None, "") and int(version) != fresh.version:
        raise ConflictError("该年度报告已被他人修改，请刷新后重试")
    return fresh


def _journal(kind, report, actor, payload):
    append(kind, report, actor, report.agency, {"year": report.report_year, "version": report.version, **payload})


@transaction.atomic
def generate(actor, agency, year: int) -> AnnualReport:
    """Create the year's draft, or refresh its figures from the records; an approved report no longer changes."""
    _require(permissions.can_manage(actor, agency), "只有本机关公示管理员或机关负责人可以编制年度报告")
    today = timezone.localdate()
    if not isinstance(year, int) or not 2000 <= year <= today.year:
        raise ValidationError({"year": f"报告年度应在2000年至{today.year}年之间"})
    report = AnnualReport.objects.select_for_update().filter(agency=agency, report_year=year).first()
    if report is not None and report.status != AnnualReport.Status.DRAFT:
        raise ValidationError({"year": f"{year}年度报告{report.get_status_display()}，不能再重新生成"})
    data = compute.compute(agency, year)
    if report is None:
        report = AnnualReport(agency=agency, report_year=year, manual={k: 0 for k, _ in MANUAL_FIELDS},
                              report_due_on=report_due_on(policy_for(agency), year))
    else:
        report.version += 1
    report.figures, report.generated_at = data, timezone.now()
    report.save()
    _journal("report.generated", report, actor, {"figures": data})
    return report


def clean_manual(values: dict) -> dict:
    errors, cleaned = {}, {}
    for key, label in MANUAL_FIELDS:
        raw = values.get(key, 0)
        try:
            number = int(str(raw).strip() or 0)
        except ValueError:
            errors[key] = f"“{label}”应为整数"
            continue
        if not 0 <= number <= 1_000_000:
            errors[key] = f"“{label}”应在0至1000000之间"
        cleaned[key] = number
    if not errors:
        decided = sum(cleaned[k] for k in cleaned if k.startswith("reconsideration_") and k != "reconsideration_received")
        if decided > cleaned["reconsideration_received"]:
            errors["reconsideration_received"] = "行政复议各项结果之和不能多于收到的申请数"
        decided = sum(cleaned[k] for k in cleaned if k.startswith("litigation_") and k != "litigation_filed")
        if decided > cleaned["litigation_filed"]:
            errors["litigation_filed"] = "行政诉讼各项结果之和不能多于被诉案件数"
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def update_draft(actor, report: AnnualReport, *, manual: dict, narrative: str, version=None) -> AnnualReport:
    report = _locked(report, version)
    _require(permissions.can_manage(actor, report.agency), "只有本机关公示管理员或机关负责人可以编制年度报告")
    if report.status != AnnualReport.Status.DRAFT:
        raise ValidationError({"narrative": "已审批的年度报告不能修改"})
    narrative = (narrative or "").strip()
    if len(narrative) > 20000:
        raise ValidationError({"narrative": "工作情况说明不能超过20000字"})
    report.manual, report.narrative = clean_manual(manual), narrative
    report.version += 1
    report.save()
    _journal("report.updated", report, actor, {"manual": report.manual, "narrative_length": len(narrative)})
    return report


@transaction.atomic
def approve(actor, report: AnnualReport, *, version=None) -> AnnualReport:
    """The agency head approves: the figures freeze and the sealed PDF is made (in this transaction)."""
    report = _locked(report, version)
    _require(permissions.can_approve_report(actor, report.agency), "年度报告由本机关负责人审批")
    if report.status != AnnualReport.Status.DRAFT:
        raise ValidationError({"status": f"该年度报告{report.get_status_display()}"})
    from zhifa.documents.convert import ConversionError, docx_to_pdf
    from zhifa.signing.pki import SigningUnavailable
    from zhifa.signing.services import sign_pdf

    report.approved_at, report.approved_by = timezone.now(), actor
    try:
        pdf = docx_to_pdf(build_docx(report))
        signed = sign_pdf(actor, report.agency, pdf, title=f"{report.agency.name}{report.title}")
    except ConversionError as exc:
        raise ReportUnavailable(str(exc)) from exc
    except SigningUnavailable as exc:
        raise ReportUnavailable(exc.message) from exc
    report.pdf_sha256 = blobs.put_bytes(signed.pdf)
    report.status = AnnualReport.Status.APPROVED
    report.version += 1
    report.save()
    _journal("report.approved", report, actor, {"pdf_sha256": report.pdf_sha256, "signature_token": signed.token,
                                                "figures": report.figures, "manual": report.manual})
    return report


@transaction.atomic
def publish(actor, report: AnnualReport, *, version=None) -> AnnualReport:
    """On the portal as a page and a PDF, and reported to the superior department (P14)."""
    report = _locked(report, version)
    _require(permissions.can_manage(actor, report.agency), "只有本机关公示管理员或机关负责人可以公布年度报告")
    if report.status != AnnualReport.Status.APPROVED:
        raise ValidationError({"status": "年度报告须经机关负责人审批后才能公布"})
    now = timezone.now()
    report.status, report.published_at, report.published_by = AnnualReport.Status.PUBLISHED, now, actor
    report.reported_to = report.agency.superior or report.agency.entrusting_agency
    report.reported_at = now if report.reported_to else None
    report.version += 1
    report.save()
    _journal("report.published", report, actor, {
        "pdf_sha256": report.pdf_sha256, "due_on": report.report_due_on.isoformat(),
        "late": timezone.localdate(now) > report.report_due_on,
        "reported_to": report.reported_to.name if report.reported_to else None,
    })
    return report


def build_docx(report: AnnualReport) -> bytes:
    """The report in the documents' unified layout (the shipped templates' A4, margins and faces)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from zhifa.documents.build_templates import SANS, _document, _paragraph, _table

    document = _document()
    _paragraph(document, report.agency.name, size=Pt(16), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, face=SANS)
    _paragraph(document, report.title, size=Pt(22), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    for title, rows in compute.sections(report.figures):
        _paragraph(document, title, bold=True)
        _table(document, rows)
    _paragraph(document, "行政复议和行政诉讼", bold=True)
    _table(document, [(label, str(value)) for label, value in report.manual_rows])
    if report.narrative:
        _paragraph(document, "工作情况说明", bold=True)
        for line in report.narrative.splitlines():
            if line.strip():
                _paragraph(document, line.strip(), indent=True)
    _paragraph(document, "")
    superior = report.agency.superior or report.agency.entrusting_agency
    if superior:
        _paragraph(document, f"报送：{superior.name}")
    _paragraph(document, f"{report.agency.name}（印章）", align=WD_ALIGN_PARAGRAPH.RIGHT)
    day = timezone.localdate(report.approved_at) if report.approved_at else timezone.localdate()
    _paragraph(document, f"{day.year}年{day.month}月{day.day}日", align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
