"""Workbooks in the government layout, and a published agency powers list, for tests."""

import io

import openpyxl

from zhifa.catalog import services
from zhifa.catalog.excel import ITEM_COLUMNS, ITEM_SHEET, POWER_COLUMNS, POWER_SHEET
from zhifa.catalog.models import RuleList
from zhifa.catalog.services import SYSTEM

POWER_ROW = {
    "code": "330217001000", "name": "对生产经营超范围、超限量使用食品添加剂的食品的行政处罚", "kind": "行政处罚",
    "basis": "《中华人民共和国食品安全法》第三十四条第（四）项、第一百二十四条第一款第（三）项",
    "responsible_agency": "蚌埠市市场监督管理局", "responsible_department": "食品安全监督管理科",
    "responsibilities": "立案责任、调查责任、审查责任、告知责任、决定责任、送达责任、执行责任",
    "accountability": "因不履行或不正确履行行政职责，有下列情形的，行政机关及相关工作人员应承担相应责任", "note": "",
}
ITEM_ROW = {
    "code": "330217001001", "power": "330217001000", "name": "食品添加剂使用检查与处罚", "subject": "蚌埠市市场监督管理局",
    "handling_body": "食品安全监督管理科", "conditions": "", "materials": "", "time_limit": "立案之日起九十日内",
    "procedure_code": "penalty_general", "fees": "不收费", "remedies": "行政复议或者行政诉讼",
    "place": "蚌埠市政务服务中心", "contact": "0552-12345", "is_random_inspection": "是",
    "inspection_method": "双随机抽查", "inspection_ratio": "每年不低于5%",
}


def workbook(powers=(POWER_ROW,), items=(ITEM_ROW,), title=True, drop_sheet=None) -> io.BytesIO:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, columns, rows in ((POWER_SHEET, POWER_COLUMNS, powers), (ITEM_SHEET, ITEM_COLUMNS, items)):
        if name == drop_sheet:
            continue
        sheet = book.create_sheet(name)
        if title:
            sheet.append([f"蚌埠市市场监督管理局{name}"])
        sheet.append(["序号", *(label for _, label in columns)])
        for i, row in enumerate(rows, start=1):
            sheet.append([i, *(row.get(key, "") for key, _ in columns)])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "权责清单.xlsx"
    return buffer


def powers_list(agency, *, publish=True):
    from zhifa.catalog.excel import import_powers

    rule_list = services.create_list(SYSTEM, kind=RuleList.Kind.POWERS, name=f"{agency.name}权责清单", agency=agency)
    draft = services.start_draft(SYSTEM, rule_list)
    import_powers(SYSTEM, draft, workbook())
    if publish:
        services.publish(SYSTEM, draft, agency.created_at.date())
    return rule_list
