"""Excel import and export of the powers list and the enforcement item list (P4–P6).

The layout is the one government lists are published in: a title row, a header row, one row
per power (sheet 权责清单) or per item (sheet 执法事项清单). Import is all or nothing: every
row is validated, the report says per row what is wrong, and one bad row imports nothing.
"""

import io
from dataclasses import dataclass, field

import openpyxl
from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl.styles import Alignment, Font

from zhifa.ledger.services import append

from .models import EnforcementItem, Power, PowerKind, RuleListVersion

POWER_SHEET = "权责清单"
ITEM_SHEET = "执法事项清单"
POWER_COLUMNS = [
    ("code", "权力编码"), ("name", "权力名称"), ("kind", "权力类型"), ("basis", "实施依据"),
    ("responsible_agency", "实施主体"), ("responsible_department", "承办机构"), ("responsibilities", "责任事项"),
    ("accountability", "追责情形"), ("note", "备注"),
]
ITEM_COLUMNS = [
    ("code", "事项编码"), ("power", "所属权力编码"), ("name", "事项名称"), ("subject", "执法主体"),
    ("handling_body", "承办机构"), ("conditions", "办理条件"), ("materials", "申请材料"), ("time_limit", "办理时限"),
    ("procedure_code", "执法流程编码"), ("fees", "收费标准"), ("remedies", "救济途径"), ("place", "办理地点"),
    ("contact", "咨询电话"), ("is_random_inspection", "是否随机抽查"), ("inspection_method", "抽查方式"),
    ("inspection_ratio", "抽查比例与频次"),
]
REQUIRED = {POWER_SHEET: {"code", "name", "kind", "basis", "responsible_agency"}, ITEM_SHEET: {"code", "power", "name", "subject"}}
KIND_BY_LABEL = {label: value for value, label in PowerKind.choices} | {
    label.removeprefix("行政"): value for value, label in PowerKind.choices
} | {"其他": PowerKind.OTHER, "其他权力": PowerKind.OTHER}
YES, NO = {"是", "Y", "y", "1", "TRUE", "True", "true"}, {"否", "", "N", "n", "0", "FALSE", "False", "false"}


@dataclass
class RowReport:
    sheet: str
    row: int
    code: str = ""
    errors: list = field(default_factory=list)


@dataclass
class ImportReport:
    rows: list = field(default_factory=list)
    powers: int = 0
    items: int = 0

    @property
    def ok(self) -> bool:
        return not any(r.errors for r in self.rows)

    @property
    def errors(self) -> list[RowReport]:
        return [r for r in self.rows if r.errors]


class ImportFailed(Exception):
    def __init__(self, report: ImportReport):
        super().__init__("导入失败")
        self.report = report


def cell_text(value) -> str:
    """A cell as trimmed text (a whole float without its ".0"); shared by every Excel import."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def find_header(sheet, columns) -> tuple[int, dict] | None:
    """The header row among the first six (at least three known labels) and each column's position."""
    labels = {label: name for name, label in columns}
    for row_number, row in enumerate(sheet.iter_rows(min_row=1, max_row=6, values_only=True), start=1):
        found = {labels[cell_text(v)]: i for i, v in enumerate(row) if cell_text(v) in labels}
        if len(found) >= 3:
            return row_number, found
    return None


def _rows(sheet, columns, report, sheet_name):
    header = find_header(sheet, columns)
    if header is None:
        report.rows.append(RowReport(sheet_name, 0, errors=[f"工作表“{sheet_name}”未找到表头（应含“{columns[1][1]}”等列）"]))
        return
    header_row, positions = header
    missing = [label for name, label in columns if name in REQUIRED[sheet_name] and name not in positions]
    if missing:
        report.rows.append(RowReport(sheet_name, header_row, errors=[f"缺少必填列：{'、'.join(missing)}"]))
        return
    for number, row in enumerate(sheet.iter_rows(min_row=header_row + 1, values_only=True), start=header_row + 1):
        values = {name: cell_text(row[i]) if i < len(row) else "" for name, i in positions.items()}
        if any(values.values()):
            yield number, values


def _messages(exc: ValidationError) -> list[str]:
    labels = {f.name: str(f.verbose_name) for m in (Power, EnforcementItem) for f in m._meta.get_fields() if hasattr(f, "verbose_name")}
    if hasattr(exc, "error_dict"):
        return [f"{labels.get(k, k) if k != '__all__' else '整行'}：{m}" for k, msgs in exc.message_dict.items() for m in msgs]
    return list(exc.messages)


def _required(values, sheet, columns) -> list[str]:
    names = dict(columns)
    return [f"{names[n]}：必填" for n in sorted(REQUIRED[sheet], key=[c for c, _ in columns].index) if not values.get(n)]


@transaction.atomic
def import_powers(actor, version: RuleListVersion, upload) -> ImportReport:
    """Replace a draft's powers and items with the workbook's; all or nothing."""
    from . import services  # the permission and draft checks live there

    services.require_manager(actor, version.rule_list)
    services.require_draft(version)
    if version.rule_list.kind != version.rule_list.Kind.POWERS:
        raise ValidationError("只有权责清单可以导入Excel")
    try:
        workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, InvalidFileException… for a bad file
        raise ValidationError({"file": "无法读取Excel文件，请上传.xlsx格式的文件"}) from exc
    report = ImportReport()
    for sheet_name in (POWER_SHEET, ITEM_SHEET):
        if sheet_name not in workbook.sheetnames:
            report.rows.append(RowReport(sheet_name, 0, errors=[f"缺少工作表“{sheet_name}”"]))
    if not report.ok:
        raise ImportFailed(report)
    # Raising ImportFailed inside this transaction rolls every row back: one bad row imports nothing.
    EnforcementItem.objects.filter(version=version).delete()
    Power.objects.filter(version=version).delete()
    powers = _import_powers(workbook[POWER_SHEET], version, report)
    _import_items(workbook[ITEM_SHEET], version, powers, report)
    if not report.rows:
        report.rows.append(RowReport(POWER_SHEET, 0, errors=["文件中没有数据行"]))
    if not report.ok:
        raise ImportFailed(report)
    append("catalog.powers_imported", version, None if actor is services.SYSTEM else actor, version.rule_list.agency,
           {"powers": report.powers, "items": report.items, "file": getattr(upload, "name", "")})
    return report


def _import_powers(sheet, version, report) -> dict:
    powers = {}
    for number, values in _rows(sheet, POWER_COLUMNS, report, POWER_SHEET):
        line = RowReport(POWER_SHEET, number, values.get("code", ""))
        report.rows.append(line)
        line.errors = _required(values, POWER_SHEET, POWER_COLUMNS)
        kind = KIND_BY_LABEL.get(values.get("kind", ""))
        if values.get("kind") and kind is None:
            line.errors.append(f"权力类型：“{values['kind']}”无效，应为{'、'.join(PowerKind.labels)}之一")
        if values.get("code") in powers:
            line.errors.append(f"权力编码：“{values['code']}”重复")
        if line.errors:
            continue
        power = Power(version=version, **{**values, "kind": kind})
        try:
            power.full_clean(validate_unique=False)
            power.save()
        except ValidationError as exc:
            line.errors.extend(_messages(exc))
            continue
        powers[power.code] = power
        report.powers += 1
    return powers


def _import_items(sheet, version, powers, report):
    seen = set()
    for number, values in _rows(sheet, ITEM_COLUMNS, report, ITEM_SHEET):
        line = RowReport(ITEM_SHEET, number, values.get("code", ""))
        report.rows.append(line)
        line.errors = _required(values, ITEM_SHEET, ITEM_COLUMNS)
        power = powers.get(values.get("power", ""))
        if values.get("power") and power is None:
            line.errors.append(f"所属权力编码：“{values['power']}”不在权责清单中（或该行有错误）")
        flag = values.get("is_random_inspection", "")
        if flag not in YES | NO:
            line.errors.append(f"是否随机抽查：应填“是”或“否”，不能是“{flag}”")
        if values.get("code") in seen:
            line.errors.append(f"事项编码：“{values['code']}”重复")
        seen.add(values.get("code"))
        if line.errors:
            continue
        values = {**values, "power": power, "is_random_inspection": flag in YES}
        if not values.get("fees"):
            values["fees"] = "不收费"
        item = EnforcementItem(version=version, **values)
        try:
            item.full_clean(validate_unique=False)
            item.save()
        except ValidationError as exc:
            line.errors.extend(_messages(exc))
            continue
        report.items += 1


def _write_sheet(sheet, title, columns, rows):
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns) + 1)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(["序号", *(label for _, label in columns)])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for index, row in enumerate(rows, start=1):
        sheet.append([index, *row])
    for column, width in zip("ABCDEFGHIJKLMNOPQ", [6, 16, 30, 12, 40, 20, 16, 30, 30, 20], strict=False):
        sheet.column_dimensions[column].width = width


def export_powers(version: RuleListVersion) -> bytes:
    workbook = openpyxl.Workbook()
    title = f"{version.rule_list.name}（第{version.number}版）"
    powers = list(Power.objects.filter(version=version).order_by("code"))
    sheet = workbook.active
    sheet.title = POWER_SHEET
    _write_sheet(sheet, title, POWER_COLUMNS, [
        [p.code, p.name, p.get_kind_display(), p.basis, p.responsible_agency, p.responsible_department,
         p.responsibilities, p.accountability, p.note] for p in powers
    ])
    items = EnforcementItem.objects.filter(version=version).select_related("power").order_by("code")
    label = "行政执法事项（随机抽查事项）清单" if items and all(i.is_random_inspection for i in items) else ITEM_SHEET
    _write_sheet(workbook.create_sheet(ITEM_SHEET), f"{title}{label}", ITEM_COLUMNS, [
        [i.code, i.power.code, i.name, i.subject, i.handling_body, i.conditions, i.materials, i.time_limit,
         i.procedure_code, i.fees, i.remedies, i.place, i.contact, "是" if i.is_random_inspection else "否",
         i.inspection_method, i.inspection_ratio] for i in items
    ])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
