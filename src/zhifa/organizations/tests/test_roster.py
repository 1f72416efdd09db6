"""The officer roster in Excel (O1): export within scope, import all or nothing with every row's errors."""

import datetime
import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from zhifa.accounts.roles import Role
from zhifa.ledger.models import JournalEntry
from zhifa.organizations import roster
from zhifa.organizations.models import Certificate, Department, Person
from zhifa.testing import make_certificate, make_id_number, make_person

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
HEADER = [c.header for c in roster.COLUMNS]


def workbook(rows, header=HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name="名册.xlsx"):
    return SimpleUploadedFile(name, content, content_type=roster.XLSX_CONTENT_TYPE)


def read(content: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def row(name="李娜", agency="蚌埠市市场监督管理局", number="34030012345678", *, id_number="", gender="女",
        department="", post="执法人员", title="", category="市场监管综合执法", region="340300",
        issued="2024-01-01", expires="2029-12-31", status="有效"):
    return [name, gender, id_number, agency, department, post, title, number, category, region, issued, expires,
            status]


@pytest.fixture
def roster_data(agency):
    Department.objects.create(agency=agency, name="执法稽查科")
    one = make_person(agency, "张伟", gender="M", id_number=make_id_number(serial=11), title="科长",
                      department=Department.objects.get(name="执法稽查科"))
    make_certificate(one, "34030000000001", issued_on=datetime.date(2023, 3, 1), expires_on=datetime.date(2028, 2, 28))
    make_certificate(one, "34030000000002", issued_on=datetime.date(2023, 3, 1), expires_on=datetime.date(2028, 2, 28),
                     category="食品安全")
    make_person(agency, "刘洋", post="reviewer", id_number=make_id_number(serial=12))
    return one


# Export.


def test_o1_the_export_lists_each_certificate_with_its_holder(users, roster_data, agency):
    rows = read(roster.export_roster(users[Role.AGENCY_HEAD]))
    assert rows[0] == HEADER
    assert [r[0] for r in rows[1:]] == ["刘洋", "张伟", "张伟"]  # 刘洋 without a certificate, 张伟 with two
    reviewer, first = (dict(zip(HEADER, r, strict=True)) for r in rows[1:3])
    assert first["姓名"] == "张伟" and first["性别"] == "男" and first["身份证号码"] == roster_data.id_number
    assert first["执法主体"] == agency.name and first["内设机构"] == "执法稽查科" and first["岗位"] == "执法人员"
    assert first["执法证号"] == "34030000000001" and first["状态"] == "有效"
    assert first["发证日期"].date() == datetime.date(2023, 3, 1)
    assert reviewer["姓名"] == "刘洋" and reviewer["岗位"] == "法制审核人员" and reviewer["执法证号"] is None


def test_p15_id_numbers_are_exported_only_to_roster_keepers(users, roster_data):
    for role in (Role.OFFICER, Role.SUPERVISOR, Role.REVIEWER, Role.PUBLISHER, Role.DEPT_HEAD):
        content = roster.export_roster(users[role])
        header = read(content)[0]
        assert "身份证号码" not in header and "姓名" in header, role
        assert roster_data.id_number.encode() not in b"".join(
            zipfile.ZipFile(io.BytesIO(content)).read(n) for n in zipfile.ZipFile(io.BytesIO(content)).namelist())


def test_the_export_is_scoped_like_the_lists(users, roster_data, other_agency, far_agency):
    make_person(other_agency, "王五")
    make_person(far_agency, "合肥人")
    names = lambda user: {r[0] for r in read(roster.export_roster(user))[1:]}  # noqa: E731
    assert names(users[Role.OFFICER]) == {"张伟", "刘洋"}
    assert names(users[Role.SUPERVISOR]) == {"张伟", "刘洋", "王五"}


def test_the_export_follows_the_lists_filters(users, roster_data):
    person_rows = read(roster.export_roster(users[Role.OFFICER], post="reviewer"))[1:]
    assert [r[0] for r in person_rows] == ["刘洋"]
    cert_rows = read(roster.export_roster(users[Role.OFFICER], source="certificate", q="食品"))[1:]
    assert [r[6] for r in cert_rows] == ["34030000000002"]  # officers see no ID column: 执法证号 is the 7th


def test_the_export_page_and_api_answer_a_workbook(client, users, roster_data):
    client.force_login(users[Role.OFFICER])
    response = client.get("/org/roster/export/", {"source": "certificate", "status": "active"})
    assert response.status_code == 200 and response["Content-Type"] == roster.XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    assert len(read(response.content)) == 3
    assert client.get("/org/roster/export/", {"source": "agency"}).status_code == 404
    template = read(client.get("/org/roster/export/", {"blank": "1"}).content)
    assert len(template) == 1
    api = APIClient()
    api.force_authenticate(users[Role.AGENCY_HEAD])
    response = api.get("/api/v1/roster/export/", {"source": "person", "post": "officer"},
                       HTTP_ACCEPT=roster.XLSX_CONTENT_TYPE)
    assert response.status_code == 200 and len(read(response.content)) == 3
    assert api.get("/api/v1/roster/export/", {"source": "nonsense"}).status_code == 400


def test_the_list_pages_offer_export_and_import_to_roster_keepers_only(client, users):
    client.force_login(users[Role.AGENCY_HEAD])
    page = client.get("/org/person/").content.decode()
    assert "/org/roster/export/?source=person" in page and "/org/roster/import/" in page
    client.force_login(users[Role.OFFICER])
    page = client.get("/org/certificate/").content.decode()
    assert "/org/roster/export/?source=certificate" in page and "/org/roster/import/" not in page
    assert "/org/roster/" not in client.get("/org/device/").content.decode()


# Import: the round trip.


def test_o1_an_exported_roster_imports_back_unchanged_and_writes_no_journal(users, roster_data):
    content = roster.export_roster(users[Role.AGENCY_HEAD])
    before = JournalEntry.objects.count()
    result = roster.import_roster(users[Role.AGENCY_HEAD], upload(content))
    assert (result.rows, result.people_unchanged, result.certificates_unchanged) == (3, 2, 2)
    assert result.people_created == result.people_updated == result.certificates_created == 0
    assert JournalEntry.objects.count() == before


def test_o1_an_edited_roster_creates_and_updates_through_the_services(users, roster_data, agency):
    rows = read(roster.export_roster(users[Role.AGENCY_HEAD]))
    assert rows[2][0] == rows[3][0] == "张伟"
    rows[2][6] = rows[3][6] = "副科长"  # his title, on both his rows
    rows[3][12] = "暂扣"  # his second certificate
    new_id = make_id_number(serial=13)
    rows.append(row("赵敏", id_number=new_id, department="执法稽查科", number="34030000000003"))
    rows.append(row("赵敏", id_number=new_id, department="执法稽查科", number="34030000000004", category="价格监督"))
    result = roster.import_roster(users[Role.AGENCY_HEAD], upload(workbook(rows[1:])))
    assert (result.people_created, result.people_updated, result.people_unchanged) == (1, 1, 1)
    assert (result.certificates_created, result.certificates_updated, result.certificates_unchanged) == (2, 1, 1)
    roster_data.refresh_from_db()
    assert roster_data.title == "副科长" and roster_data.version == 2
    assert Certificate.objects.get(number="34030000000002").status == Certificate.Status.SUSPENDED
    zhao = Person.objects.get(id_number=new_id)
    assert zhao.department.name == "执法稽查科" and zhao.certificates.count() == 2 and zhao.gender == "F"
    kinds = sorted(JournalEntry.objects.values_list("kind", flat=True))
    assert kinds == ["certificate.issued", "certificate.issued", "certificate.updated", "person.created",
                     "person.updated"]
    assert new_id not in "".join(entry.payload for entry in JournalEntry.objects.all())


def test_a_person_without_an_id_number_is_found_by_certificate_or_by_name(users, agency):
    person = make_person(agency, "孙悦")
    make_certificate(person, "34030000000009")
    rows = [row("孙悦", number="34030000000009", title="科员"), row("孙悦", number="34030000000010", title="科员")]
    result = roster.import_roster(users[Role.AGENCY_HEAD], upload(workbook(rows)))
    assert (result.people_created, result.people_updated) == (0, 1)
    assert person.certificates.count() == 2 and Person.objects.filter(name="孙悦").count() == 1


def test_an_empty_id_cell_never_erases_a_registered_id_number(users, roster_data):
    rows = [row("张伟", number="34030000000001", gender="男", department="执法稽查科", title="科长",
                issued="2023-03-01", expires="2028-02-28")]
    roster.import_roster(users[Role.AGENCY_HEAD], upload(workbook(rows)))
    roster_data.refresh_from_db()
    assert roster_data.id_number == make_id_number(serial=11)


def test_dates_may_be_excel_dates_or_common_chinese_spellings(users, agency):
    rows = [row("甲", number="A1", issued=datetime.datetime(2024, 1, 1), expires="2029年12月31日"),
            row("乙", number="A2", issued="2024/1/1", expires=20291231),
            row("丙", number="A3", issued=45292, expires="2029.12.31")]  # 45292: Excel's serial for 2024-01-01
    roster.import_roster(users[Role.AGENCY_HEAD], upload(workbook(rows)))
    assert set(Certificate.objects.values_list("issued_on", "expires_on")) == {
        (datetime.date(2024, 1, 1), datetime.date(2029, 12, 31))}


@pytest.mark.parametrize("value", [2024, "2024", "明年", "2024-13-01", "1/1/2024"])
def test_implausible_dates_are_refused(users, agency, value):
    with pytest.raises(roster.RosterInvalid) as info:
        roster.import_roster(users[Role.AGENCY_HEAD], upload(workbook([row(issued=value)])))
    assert [(e.column, "不是有效日期" in e.message) for e in info.value.errors] == [("发证日期", True)]


# Import: a file with bad rows changes nothing and reports every row.


def test_o1_a_file_with_bad_rows_imports_nothing_and_reports_every_row(users, roster_data, agency, other_agency,
                                                                       far_agency):
    good = row("好人", number="34030000000100")
    rows = [
        good,                                                                    # row 2: fine
        row("", number="34030000000101"),                                        # 3: no name
        row("钱七", id_number="110105194912310021", number="34030000000102"),    # 4: check digit
        row("孙八", agency="蚌埠市不存在局", number="34030000000103"),          # 5: unknown agency
        row("周九", agency=other_agency.name, number="34030000000104"),         # 6: outside scope
        row("吴十", issued="2024-02-30", number="34030000000105"),               # 7: bad date
        row("郑一", issued="2025-01-01", expires="2024-01-01", number="34030000000106"),  # 8: expires first
        row("王二", number="34030000000100"),                                    # 9: duplicate within the file
        row("冯三", number="34030000000001"),                                    # 10: number held by 张伟
        row("陈四", region="99030", number="34030000000107"),                    # 11: region code
        row("褚五", status="丢失", number="34030000000108"),                      # 12: status
        row("卫六", department="不存在科", number="34030000000109"),             # 13: department
        row("蒋七", number="34030000000110", category=""),                       # 14: half a certificate
        row("沈八", agency=far_agency.name, gender="未知", number="34030000000111"),  # 15: two errors
        row("韩九", post="局长", number="34030000000112"),                        # 16: post
    ]
    people, certificates, entries = Person.objects.count(), Certificate.objects.count(), JournalEntry.objects.count()
    with pytest.raises(roster.RosterInvalid) as info:
        roster.import_roster(users[Role.AGENCY_HEAD], upload(workbook(rows)))
    errors = {(e.row, e.column): e.message for e in info.value.errors}
    assert errors.pop((3, "姓名")) == "姓名不能为空"
    assert "校验码错误" in errors.pop((4, "身份证号码"))
    assert "不存在" in errors.pop((5, "执法主体"))
    assert "不在您的管辖范围内" in errors.pop((6, "执法主体"))
    assert "不是有效日期" in errors.pop((7, "发证日期"))
    assert "必须晚于发证日期" in errors.pop((8, "有效期至"))
    assert "与第2行重复" in errors.pop((9, "执法证号"))
    assert "已登记给“张伟”" in errors.pop((10, "执法证号"))
    assert "6位数字" in errors.pop((11, "执法区域"))
    assert "有效、暂扣、注销" in errors.pop((12, "状态"))
    assert "不属于执法主体" in errors.pop((13, "内设机构"))
    assert "执法类别不能为空" in errors.pop((14, "执法类别"))
    assert "不在您的管辖范围内" in errors.pop((15, "执法主体"))
    assert "男" in errors.pop((15, "性别"))
    assert "执法人员、法制审核人员" in errors.pop((16, "岗位"))
    assert errors == {}
    assert info.value.message.startswith("名册中有14行数据有误")
    assert (Person.objects.count(), Certificate.objects.count(), JournalEntry.objects.count()) == (
        people, certificates, entries)


def test_rows_about_the_same_person_must_agree(users, agency):
    person_id = make_id_number(serial=21)
    rows = [row("赵敏", id_number=person_id, number="N1"), row("赵敏", id_number=person_id, number="N2", title="科长"),
            row("赵娜", id_number=person_id, number="N3")]
    with pytest.raises(roster.RosterInvalid) as info:
        roster.import_roster(users[Role.AGENCY_HEAD], upload(workbook(rows)))
    messages = {(e.row, e.column): e.message for e in info.value.errors}
    assert messages == {(3, "职务"): "与第2行是同一人员，但职务不一致", (4, "姓名"): "与第2行是同一人员，但姓名不一致"}


def test_an_id_number_typed_as_a_number_is_refused_with_the_reason(users, agency):
    with pytest.raises(roster.RosterInvalid) as info:
        roster.import_roster(users[Role.AGENCY_HEAD], upload(workbook([row("甲", id_number=340302198506150012)])))
    assert "文本格式" in info.value.errors[0].message


def test_an_id_number_registered_in_another_agency_is_refused(users, other_agency):
    taken = make_id_number(serial=31)
    make_person(other_agency, "王五", id_number=taken)
    with pytest.raises(roster.RosterInvalid) as info:
        roster.import_roster(users[Role.AGENCY_HEAD], upload(workbook([row("王五", id_number=taken)])))
    assert info.value.errors[0].column == "身份证号码" and "管辖范围以外" in info.value.errors[0].message


def test_namesakes_without_id_numbers_must_be_told_apart(users, agency):
    make_person(agency, "张伟")
    make_person(agency, "张伟")
    with pytest.raises(roster.RosterInvalid) as info:
        roster.import_roster(users[Role.AGENCY_HEAD], upload(workbook([row("张伟", number="X1")])))
    assert "身份证号码以区分" in info.value.errors[0].message


def test_a_rule_only_the_model_knows_rolls_back_the_whole_file(users, agency):
    """The model still has the last word: one refusal while applying undoes the rows applied before it."""
    broken = make_person(agency, "旧数据")
    Person.objects.filter(pk=broken.pk).update(id_number="340302198506150013")  # stored before validation existed
    rows = [row("新人", number="34030000000200"), row("旧数据", number="34030000000201", title="科员")]
    with pytest.raises(roster.RosterInvalid) as info:
        roster.import_roster(users[Role.AGENCY_HEAD], upload(workbook(rows)))
    assert [(e.row, e.column) for e in info.value.errors] == [(3, "身份证号码")]
    assert not Person.objects.filter(name="新人").exists() and not Certificate.objects.exists()
    assert not JournalEntry.objects.exists()


# Import: files that cannot be used.


def test_only_xlsx_files_are_taken(users):
    with pytest.raises(roster.RosterFileError) as info:
        roster.import_roster(users[Role.AGENCY_HEAD], upload(b"a,b,c\n", name="名册.csv"))
    assert info.value.status == 415 and ".xlsx" in info.value.message


def _rezip(replace: dict) -> bytes:
    """A real workbook with some of its parts replaced."""
    source = zipfile.ZipFile(io.BytesIO(workbook([row()])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in source.namelist():
            archive.writestr(name, replace.get(name, source.read(name)))
    return buffer.getvalue()


def _zip_of(**files) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("content", [
    pytest.param(b"", id="empty"),
    pytest.param("姓名,执法主体\n".encode("gbk"), id="csv-renamed"),
    pytest.param(b"PK\x03\x04broken", id="broken-zip"),
    pytest.param(workbook([row()])[:3000], id="truncated"),
    pytest.param(_zip_of(**{"hello.txt": "你好"}), id="zip-not-workbook"),
    pytest.param(_rezip({"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row"}), id="broken-sheet-xml"),
    pytest.param(_rezip({"xl/workbook.xml": b"\xff\xfe garbage"}), id="broken-workbook-xml"),
])
def test_an_unreadable_file_is_refused_clearly(users, content):
    with pytest.raises(roster.RosterFileError) as info:
        roster.import_roster(users[Role.AGENCY_HEAD], upload(content))
    assert info.value.status == 400 and "无法读取" in info.value.message
    assert not Person.objects.exists()


def test_an_oversized_file_is_refused_before_it_is_read(users, settings):
    settings.ZHIFA = {**settings.ZHIFA, "ROSTER_MAX_BYTES": 1024}
    with pytest.raises(roster.RosterFileError) as info:
        roster.import_roster(users[Role.AGENCY_HEAD], upload(b"x" * 2048))
    assert info.value.status == 413 and "上限" in info.value.message


def test_a_file_that_unpacks_to_too_much_is_refused(users, settings):
    settings.ZHIFA = {**settings.ZHIFA, "ROSTER_MAX_UNPACKED_BYTES": 10_000}
    with pytest.raises(roster.RosterFileError) as info:
        roster.import_roster(users[Role.AGENCY_HEAD], upload(workbook([row(title="长" * 20_000)])))
    assert info.value.status == 413


def test_too_many_rows_are_refused(users, settings):
    settings.ZHIFA = {**settings.ZHIFA, "ROSTER_MAX_ROWS": 3}
    rows = [row(f"人{i}", number=f"N{i}") for i in range(4)]
    with pytest.raises(roster.RosterFileError) as info:
        roster.import_roster(users[Role.AGENCY_HEAD], upload(workbook(rows)))
    assert "3 行" in info.value.message
    assert not Person.objects.exists()


@pytest.mark.parametrize("header, message", [
    ([], "文件是空的"),
    (["姓名", "执法主体"], "缺少列"),
    ([*HEADER, "备注"], "无法识别的列：备注"),
    ([*HEADER, "姓名"], "重复的列：姓名"),
])
def test_a_file_not_in_the_roster_layout_is_refused(users, header, message):
    with pytest.raises(roster.RosterFileError) as info:
        roster.import_roster(users[Role.AGENCY_HEAD], upload(workbook([], header=header)))
    assert message in info.value.message


def test_a_file_with_only_a_header_is_refused(users):
    with pytest.raises(roster.RosterFileError) as info:
        roster.import_roster(users[Role.AGENCY_HEAD], upload(workbook([])))
    assert "没有数据行" in info.value.message


def test_the_id_number_column_may_be_left_out(users, agency):
    header = [h for h in HEADER if h != "身份证号码"]
    values = row("甲", number="B1")
    del values[2]
    result = roster.import_roster(users[Role.AGENCY_HEAD], upload(workbook([values], header=header)))
    assert result.people_created == 1


@pytest.mark.parametrize("role", [Role.OFFICER, Role.DEPT_HEAD, Role.REVIEWER, Role.PUBLISHER, Role.SUPERVISOR])
def test_only_roster_keepers_import(users, role):
    with pytest.raises(roster.PermissionDenied):
        roster.import_roster(users[role], upload(workbook([row()])))


# The import page and the import API.


def test_the_import_page_lists_every_rows_errors(client, users, agency):
    client.force_login(users[Role.AGENCY_HEAD])
    assert client.get("/org/roster/import/").status_code == 200
    content = workbook([row("", number="C1"), row("甲", region="12", number="C2")])
    page = client.post("/org/roster/import/", {"file": upload(content)}).content.decode()
    assert "未导入任何数据" in page and "姓名不能为空" in page and "6位数字" in page
    assert not Person.objects.exists()


def test_the_import_page_imports_a_clean_file(client, users, agency):
    client.force_login(users[Role.AGENCY_HEAD])
    response = client.post("/org/roster/import/", {"file": upload(workbook([row("甲", number="C1")]))}, follow=True)
    assert response.redirect_chain[-1][0] == "/org/person/"
    assert "新增人员1名" in response.content.decode()
    assert Person.objects.filter(name="甲").exists()


def test_the_import_page_explains_an_unusable_file(client, users):
    client.force_login(users[Role.ADMIN])
    page = client.post("/org/roster/import/", {"file": upload(b"junk", name="名册.xls")}).content.decode()
    assert "只能导入 .xlsx" in page
    assert client.post("/org/roster/import/", {}).status_code == 200  # no file: the form says so


def test_the_import_page_is_403_for_readers(client, users):
    client.force_login(users[Role.OFFICER])
    assert client.get("/org/roster/import/").status_code == 403
    assert client.post("/org/roster/import/", {"file": upload(workbook([row()]))}).status_code == 403
    assert not Person.objects.exists()


def test_the_import_api_answers_problem_details_with_every_rows_errors(users, agency):
    api = APIClient()
    api.force_authenticate(users[Role.AGENCY_HEAD])
    content = workbook([row("", number="D1"), row("乙", number="D2", expires="2020-01-01")])
    response = api.post("/api/v1/roster/import/", {"file": upload(content)}, format="multipart")
    assert response.status_code == 400 and response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert "未导入任何数据" in body["detail"]
    assert body["errors"] == [{"row": 2, "column": "姓名", "message": "姓名不能为空"},
                              {"row": 3, "column": "有效期至", "message": "有效期至（2020-01-01）必须晚于发证日期（2024-01-01）"}]
    assert not Person.objects.exists()


def test_the_import_api_summarises_a_clean_import(users, agency):
    api = APIClient()
    api.force_authenticate(users[Role.ADMIN])
    response = api.post("/api/v1/roster/import/", {"file": upload(workbook([row("甲", number="E1")]))},
                        format="multipart")
    assert response.status_code == 200
    assert response.json() == {"rows": 1, "people_created": 1, "people_updated": 0, "people_unchanged": 0,
                               "certificates_created": 1, "certificates_updated": 0, "certificates_unchanged": 0}


def test_the_import_api_refuses_files_and_roles(users):
    api = APIClient()
    api.force_authenticate(users[Role.AGENCY_HEAD])
    response = api.post("/api/v1/roster/import/", {"file": upload(b"junk", name="x.csv")}, format="multipart")
    assert response.status_code == 415 and ".xlsx" in response.json()["detail"]
    response = api.post("/api/v1/roster/import/", {}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()["errors"]
    api.force_authenticate(users[Role.OFFICER])
    response = api.post("/api/v1/roster/import/", {"file": upload(workbook([row()]))}, format="multipart")
    assert response.status_code == 403
