"""Excel import and export of the powers and item lists (P4–P6): a per-row report, all or nothing."""

import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhifa.accounts.roles import Role
from zhifa.catalog import services
from zhifa.catalog.excel import ImportFailed, export_powers, import_powers
from zhifa.catalog.models import EnforcementItem, Power, RuleList

from .builders import ITEM_ROW, POWER_ROW, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(agency, national_procedures):
    rule_list = services.create_list(services.SYSTEM, kind=RuleList.Kind.POWERS, name="本局权责清单", agency=agency)
    return services.start_draft(services.SYSTEM, rule_list)


def test_p4_p6_a_good_workbook_imports_powers_items_and_parsed_citations(draft, users):
    report = import_powers(users[Role.ADMIN], draft, workbook())
    assert report.ok and (report.powers, report.items) == (1, 1)
    power = Power.objects.get(version=draft)
    assert power.kind == "penalty"
    assert [c["label"] for c in power.basis_citations] == [
        "《中华人民共和国食品安全法》第三十四条第（四）项", "《中华人民共和国食品安全法》第一百二十四条第一款第（三）项"]
    item = EnforcementItem.objects.get(version=draft)
    assert item.power == power and item.is_random_inspection and item.procedure_code == "penalty_general"


def test_export_then_import_round_trips(draft, users):
    import_powers(users[Role.ADMIN], draft, workbook(powers=[POWER_ROW, {**POWER_ROW, "code": "330217002000", "kind": "检查",
                                                                         "name": "食品生产经营监督检查"}]))
    data = export_powers(draft)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["权责清单", "执法事项清单"]
    assert [c.value for c in book["权责清单"][2]][:4] == ["序号", "权力编码", "权力名称", "权力类型"]
    assert book["权责清单"]["D4"].value == "行政检查"
    assert "随机抽查事项" in book["执法事项清单"]["A1"].value
    upload = io.BytesIO(data)
    upload.name = "导出.xlsx"
    report = import_powers(users[Role.ADMIN], draft, upload)
    assert report.ok and report.powers == 2 and report.items == 1


def test_p4_one_bad_row_imports_nothing_and_every_bad_row_is_reported(draft, users):
    import_powers(users[Role.ADMIN], draft, workbook())  # existing content must survive a failed import
    bad_powers = [
        POWER_ROW,
        {**POWER_ROW, "code": "", "name": ""},
        {**POWER_ROW, "code": "X2", "kind": "行政审批"},
        {**POWER_ROW, "code": "X3", "basis": "依据有关法律规定"},
        {**POWER_ROW, "code": "330217001000"},
    ]
    bad_items = [
        {**ITEM_ROW, "power": "NOPE"},
        {**ITEM_ROW, "code": "I2", "is_random_inspection": "也许"},
        {**ITEM_ROW, "code": "I3", "inspection_method": ""},
    ]
    with pytest.raises(ImportFailed) as info:
        import_powers(users[Role.ADMIN], draft, workbook(powers=bad_powers, items=bad_items))
    report = info.value.report
    errors = {(r.sheet, r.row): r.errors for r in report.errors}
    assert errors[("权责清单", 4)] == ["权力编码：必填", "权力名称：必填"]
    assert "权力类型：“行政审批”无效" in errors[("权责清单", 5)][0]
    assert errors[("权责清单", 6)] == ["实施依据：未识别到法律法规条文，应写作《法律法规名称》第X条（第X款第X项）"]
    assert errors[("权责清单", 7)] == ["权力编码：“330217001000”重复"]
    assert errors[("执法事项清单", 3)] == ["所属权力编码：“NOPE”不在权责清单中（或该行有错误）"]
    assert errors[("执法事项清单", 4)] == ["是否随机抽查：应填“是”或“否”，不能是“也许”"]
    assert errors[("执法事项清单", 5)] == ["抽查方式：随机抽查事项必须填写抽查方式"]
    assert (("权责清单", 3) not in errors) and report.rows[0].errors == []
    assert Power.objects.filter(version=draft).count() == 1
    assert EnforcementItem.objects.filter(version=draft).count() == 1


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (workbook(drop_sheet="执法事项清单"), "缺少工作表“执法事项清单”"),
        (workbook(powers=[], items=[]), "文件中没有数据行"),
    ],
)
def test_structural_problems_are_reported(draft, users, upload, message):
    with pytest.raises(ImportFailed) as info:
        import_powers(users[Role.ADMIN], draft, upload)
    assert message in info.value.report.errors[0].errors[0]


def test_a_file_that_is_not_excel_is_refused(draft, users):
    upload = io.BytesIO(b"not a workbook")
    with pytest.raises(ValidationError) as info:
        import_powers(users[Role.ADMIN], draft, upload)
    assert "无法读取Excel文件" in str(info.value)


def test_headers_without_a_title_row_are_found(draft, users):
    assert import_powers(users[Role.ADMIN], draft, workbook(title=False)).ok


def test_only_the_administrator_imports(draft, users):
    with pytest.raises(PermissionDenied):
        import_powers(users[Role.AGENCY_HEAD], draft, workbook())
    assert not Power.objects.exists()
