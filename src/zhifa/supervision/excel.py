"""The dashboard as an Excel workbook (openpyxl, as the case register does): one sheet per figure."""

import io

import openpyxl
from django.db import transaction
from openpyxl.styles import Alignment, Font

from zhifa.ledger.services import append

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Sheet, figure, columns: (header, how to read it from a Row).
SHEETS = (
    ("案件类别", "cases_by_kind", (("类别", "label"), ("案件数", "value"))),
    ("办理环节", "cases_by_stage", (("环节", "label"), ("案件数", "value"))),
    ("执法领域", "cases_by_domain", (("领域", "label"), ("案件数", "value"))),
    ("执法主体", "cases_by_agency", (("执法主体", "label"), ("登记案件", "value"), ("办理中", "live"),
                                 ("已归档", "archived"))),
    ("逐月登记", "cases_by_month", (("月份", "label"), ("案件数", "value"))),
    ("罚没金额", "penalties", (("执法主体", "label"), ("处罚决定", "decisions"), ("罚款决定", "fined"),
                             ("罚款（元）", "value"), ("没收违法所得（元）", "confiscated"))),
    ("按期办结率", "on_time", (("期限", "label"), ("应办", "total"), ("按期", "met"), ("超期", "late"),
                              ("按期率（%）", "value"))),
    ("预警", "warnings_by_rule", (("预警规则", "label"), ("红色（当前）", "red"), ("黄色（当前）", "yellow"),
                                ("期间内发出", "raised"))),
    ("法制审核意见", "review_opinions", (("审核意见", "label"), ("件数", "value"), ("超过审核期限", "late"))),
    ("音像记录覆盖率", "av_coverage", (("环节", "label"), ("应全程记录", "total"), ("有记录", "covered"),
                                    ("缺记录", "missing"), ("覆盖率（%）", "value"))),
)


def _cell(row, key):
    if key == "label":
        return row.label
    if key == "value":
        return row.value
    return row.extra.get(key)


def workbook(data: dict, *, title: str, scope: str) -> bytes:
    book = openpyxl.Workbook()
    book.properties.title = title
    book.remove(book.active)
    for sheet_title, figure, columns in SHEETS:
        sheet = book.create_sheet(sheet_title)
        sheet.append([f"{title}：{sheet_title}"])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([scope])
        sheet.append([header for header, _ in columns])
        for cell in sheet[3]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True)
        for row in data[figure]:
            sheet.append([_cell(row, key) for _, key in columns])
        sheet.column_dimensions["A"].width = 30
        for letter in "BCDEF":
            sheet.column_dimensions[letter].width = 16
        sheet.freeze_panes = "A4"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@transaction.atomic
def export(user, data: dict, *, title: str, scope: str, filters: dict) -> bytes:
    """Write the workbook and journal the export (who, which filters, which figures)."""
    content = workbook(data, title=title, scope=scope)
    append("statistics.exported", ("supervision.statistics", user.pk), user, user.agency, {
        "filters": filters, "sheets": [s[0] for s in SHEETS], "totals": {k: v for k, v in data["totals"].items()},
    })
    return content
