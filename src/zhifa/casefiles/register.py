"""The case register (案件台账, R5) as an Excel workbook: one row per case of the user's agency.

The register is for the agency's own staff, who see the full party codes on every case page
anyway; so codes are not masked here, but the sheet is marked 内部资料 in its title row, its
print header and the workbook's properties, and every export is journalled with its filters.
Rows come from :func:`zhifa.cases.selectors.cases`, so the scope is the same as the case list's.
"""

import datetime
import io
from dataclasses import dataclass

import openpyxl
from django.db.models import Prefetch, Q
from django.utils import timezone
from openpyxl.styles import Alignment, Font

from zhifa.cases import selectors as case_selectors
from zhifa.cases.models import CaseOfficer, CaseParty, StageVisit
from zhifa.catalog.models import PenaltyKind

from . import rules

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE = "案件台账"
MARK = "内部资料 注意保密"


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    width: int
    kind: str = "text"  # text | date | code (kept as text: Excel must not mangle 18-digit codes) | money


COLUMNS = (
    Column("序号", "seq", 6),
    Column("案件编号", "number", 24, "code"),
    Column("案由", "title", 28),
    Column("当事人", "parties", 24),
    Column("统一社会信用代码/身份证号", "codes", 22, "code"),
    Column("案源", "source", 16),
    Column("立案日期", "filed_on", 12, "date"),
    Column("承办机构", "department", 16),
    Column("办案人员", "officers", 16),
    Column("当前环节", "stage", 12),
    Column("状态", "status", 8),
    Column("处罚种类", "penalty_kinds", 16),
    Column("罚款金额（元）", "fine_amount", 14, "money"),
    Column("决定日期", "decided_on", 12, "date"),
    Column("结案日期", "closed_on", 12, "date"),
    Column("归档日期", "archived_on", 12, "date"),
    Column("办理期限", "due_on", 12, "date"),
    Column("期限事项", "due_label", 16),
    Column("是否超期", "overdue", 10),
)


def register_cases(user, *, date_from=None, date_to=None, status: str = "", stage: str = ""):
    """The user's agency's cases within the filters; the dates bound the filing date, or the lead's for unfiled cases."""
    queryset = case_selectors.cases(user, status=status, stage=stage).select_related("department", "lead")
    if date_from:
        queryset = queryset.filter(Q(filed_on__gte=date_from) | Q(filed_on__isnull=True, lead__received_on__gte=date_from))
    if date_to:
        queryset = queryset.filter(Q(filed_on__lte=date_to) | Q(filed_on__isnull=True, lead__received_on__lte=date_to))
    return queryset.prefetch_related(
        Prefetch("case_parties", queryset=CaseParty.objects.select_related("party")),
        Prefetch("case_officers", queryset=CaseOfficer.objects.filter(released_at__isnull=True).select_related("person")),
        Prefetch("visits", queryset=StageVisit.objects.order_by("entered_at", "pk")),
    ).order_by("filed_on", "created_at", "pk")


def _deadline(case, today) -> tuple:
    """The deadline that runs now: the open stage's, or after closure the archive deadline (R5)."""
    visits = list(case.visits.all())
    if case.status in (case.Status.CLOSED, case.Status.ARCHIVED):
        deadline = rules.archive_deadline(case, visits)
        if deadline is not None:
            return deadline.due_on, deadline.label or "立卷归档", "是" if deadline.overdue else "否"
    current = next((v for v in reversed(visits) if v.left_at is None), None)
    if current is None or current.due_on is None or case.is_read_only:
        return None, "", ""
    return current.due_on, current.due_label, "是" if today > current.due_on else "否"


def _kinds(codes) -> str:
    labels = []
    for code in codes or []:
        try:
            labels.append(PenaltyKind(code).label)
        except ValueError:
            labels.append(str(code))
    return "、".join(labels)


def register_rows(user, **filters) -> list[dict]:
    today = timezone.localdate()
    rows = []
    for seq, case in enumerate(register_cases(user, **filters), start=1):
        parties = [link.party for link in case.case_parties.all()]
        due_on, due_label, overdue = _deadline(case, today)
        rows.append({
            "seq": seq, "number": case.number or (case.lead.number if case.lead_id else ""), "title": case.title,
            "parties": "\n".join(p.name for p in parties), "codes": "\n".join(p.identifier for p in parties),
            "source": case.lead.get_source_display() if case.lead_id else "直接立案",
            "filed_on": case.filed_on, "department": case.department.name if case.department_id else "",
            "officers": "、".join(o.person.name for o in case.case_officers.all()), "stage": case.stage_name,
            "status": case.get_status_display(), "penalty_kinds": _kinds(case.penalty_kinds),
            "fine_amount": case.fine_amount, "decided_on": case.decided_on, "closed_on": case.closed_on,
            "archived_on": timezone.localdate(case.archived_at) if case.archived_at else None,
            "due_on": due_on, "due_label": due_label, "overdue": overdue,
        })
    return rows


def write_workbook(rows, *, agency_name: str, scope: str) -> bytes:
    """Title row (with the 内部资料 mark), scope row, header row, then the data; panes frozen under the header."""
    workbook = openpyxl.Workbook()
    workbook.properties.title = f"{agency_name}{SHEET_TITLE}"
    workbook.properties.keywords = MARK
    workbook.properties.category = "内部资料"
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    last = openpyxl.utils.get_column_letter(len(COLUMNS))
    sheet.append([f"{agency_name}行政执法{SHEET_TITLE}（{MARK}）"])
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([scope])
    sheet.merge_cells(f"A2:{last}2")
    sheet.append([c.header for c in COLUMNS])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.freeze_panes = "A4"
    sheet.oddHeader.center.text = MARK
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    sheet.print_title_rows = "3:3"
    for row in rows:
        sheet.append([row.get(c.key, "") if row.get(c.key) is not None else "" for c in COLUMNS])
    formats = {"date": "yyyy-mm-dd", "code": "@", "money": "#,##0.00"}
    for index, column in enumerate(COLUMNS, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        for (cell,) in sheet.iter_rows(min_row=4, min_col=index, max_col=index):
            if column.kind in formats:
                cell.number_format = formats[column.kind]
            if column.key in ("parties", "codes"):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def describe_scope(user, *, date_from=None, date_to=None, status: str = "", stage: str = "", count: int = 0) -> str:
    from zhifa.cases.models import Case

    parts = [f"导出人：{user.get_full_name() or user.get_username()}", f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}"]
    if date_from or date_to:
        parts.append(f"立案日期：{date_from or '不限'} 至 {date_to or '不限'}")
    if status:
        parts.append(f"状态：{Case.Status(status).label}")
    if stage:
        parts.append(f"环节：{stage}")
    parts.append(f"共 {count} 件")
    return "；".join(parts)


def export_filename(today: datetime.date | None = None) -> str:
    return f"{SHEET_TITLE}-{(today or timezone.localdate()):%Y%m%d}.xlsx"
