"""The case-file page, the BagIt download and the case register, through the pages and the API (R5, R6)."""

import io
import json
import tarfile
import zipfile

import bagit
import openpyxl
import pytest
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.cases import services as cases
from zhifa.cases.models import Case
from zhifa.ledger import blobs
from zhifa.ledger.models import JournalEntry
from zhifa.testing import make_case, make_id_number, make_uscc, make_user

from .records import av_record, fresh, issue, photo, prepare_decision

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def stranger(other_agency):
    return make_user("stranger", Role.AGENCY_HEAD, other_agency)


@pytest.fixture
def filled(head, signing_key):
    """A closed case with a 立案审批表 and a 行政处罚决定书 (sealed), a photo and a body-camera video."""
    case = make_case(head, stage="closure")
    case = prepare_decision(head, case)
    issue(head, case, "filing_approval")
    issue(head, case, "penalty_decision")
    photo(head, case, "现场照片", filename="IMG_0001.png")
    av_record(head, case, "执法记录仪视频", case.case_officers.first().person, filename="DSJ-001 20260301.mp4")
    return fresh(case)


@pytest.fixture
def closed(head):
    """A closed case with one photo: enough for who may read and export it."""
    case = make_case(head, stage="closure")
    photo(head, case, "现场照片")
    return fresh(case)


def extract(data, fmt, target):
    if fmt == "zip":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            archive.extractall(target)
    else:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as archive:
            archive.extractall(target, filter="data")
    (root,) = list(target.iterdir())
    return root


def test_r5_the_case_file_page_shows_cover_contents_documents_evidence_and_av_index(client, head, filled):
    page = login(client, head).get(f"/casefiles/case/{filled.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    decision = filled.documents.get(template__code="penalty_decision")
    assert decision.number.startswith(f"{filled.agency.short_name}罚〔")
    for expected in ("卷宗封面", "卷内目录", "行政处罚决定书", decision.number, "执法记录仪视频", "音像记录索引",
                     "定期30年", "归档期限", "照片", "视频", "IMG_0001.png"):
        assert expected in text


def test_r5_the_page_says_plainly_when_nothing_is_issued_or_stored_yet(client, head):
    case = make_case(head, stage="closure")
    text = login(client, head).get(f"/casefiles/case/{case.pk}/").content.decode()
    assert "尚未签发执法文书" in text and "尚无证据" in text and "本案无音像记录" in text
    assert "卷内暂无文书和证据" in text


def test_another_agencys_user_gets_404_for_the_case_file_and_the_bag(client, closed, stranger):
    filled = closed
    login(client, stranger)
    before = JournalEntry.objects.count()
    for path in (f"/casefiles/case/{filled.pk}/", f"/casefiles/case/{filled.pk}/bagit/",
                 f"/api/v1/casefiles/{filled.pk}/", f"/api/v1/casefiles/{filled.pk}/bagit/"):
        assert client.get(path).status_code == 404, path
    assert JournalEntry.objects.count() == before


def test_the_public_is_sent_to_log_in_and_the_api_refuses_it(client, closed):
    filled = closed
    assert client.get(f"/casefiles/case/{filled.pk}/bagit/").status_code == 302
    assert client.get(f"/api/v1/casefiles/{filled.pk}/bagit/").status_code == 403


@pytest.mark.parametrize("fmt", ["zip", "tar"])
def test_r6_the_downloaded_bag_validates_and_a_tampered_one_does_not(client, head, filled, tmp_path, fmt):
    response = login(client, head).get(f"/casefiles/case/{filled.pk}/bagit/?format={fmt}")
    assert response.status_code == 200 and response["Content-Type"] == {"zip": "application/zip",
                                                                         "tar": "application/x-tar"}[fmt]
    assert "attachment" in response["Content-Disposition"]
    root = extract(b"".join(response.streaming_content), fmt, tmp_path / "bag")
    bag = bagit.Bag(str(root))
    bag.validate()
    assert bag.info["External-Identifier"] == filled.display_number
    assert bag.info["Source-Organization"] == filled.agency.name
    assert bag.info["Bagging-Date"] == timezone.localdate().isoformat()
    assert set(bag.payload_files()) == {
        "data/documents/01-立案审批表.pdf", "data/documents/02-行政处罚决定书.pdf",
        "data/evidence/01-现场照片.png", "data/evidence/02-执法记录仪视频.mp4", "data/casefile.json", "data/av-index.csv"}
    metadata = json.loads((root / "data" / "casefile.json").read_text(encoding="utf-8"))
    assert metadata["cover"]["case_number"] == filled.display_number
    assert [row["title"] for row in metadata["av_index"]] == ["执法记录仪视频"]
    decision = root / "data" / "documents" / "02-行政处罚决定书.pdf"
    content = bytearray(decision.read_bytes())
    content[0] ^= 0x01
    decision.chmod(0o644)
    decision.write_bytes(bytes(content))
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(root)).validate()


def test_r8_each_export_is_a_journalled_record_access(client, head, closed):
    filled = closed
    login(client, head)
    b"".join(client.get(f"/casefiles/case/{filled.pk}/bagit/").streaming_content)
    b"".join(client.get(f"/api/v1/casefiles/{filled.pk}/bagit/?format=tar").streaming_content)
    entries = JournalEntry.objects.filter(subject_id=str(filled.pk), kind="record.accessed").order_by("sequence")
    payloads = [json.loads(e.payload) for e in entries]
    assert [(p["purpose"], p["format"]) for p in payloads] == [("export", "bagit-zip"), ("export", "bagit-tar")]
    assert all(e.actor_id == head.pk for e in entries)


def test_a_bad_format_is_a_clear_400_on_the_page_and_in_the_api(client, head, closed):
    filled = closed
    login(client, head)
    page = client.get(f"/casefiles/case/{filled.pk}/bagit/?format=rar")
    assert page.status_code == 400 and "打包格式（format）只能是 zip 或 tar" in page.content.decode()
    api = client.get(f"/api/v1/casefiles/{filled.pk}/bagit/?format=rar")
    assert api.status_code == 400 and api["Content-Type"] == "application/problem+json"
    assert api.json()["errors"]["format"] == ["打包格式（format）只能是 zip 或 tar"]
    assert not JournalEntry.objects.filter(subject_id=str(filled.pk), kind="record.accessed").exists()


def test_a_file_missing_from_the_store_is_409_and_no_access_is_journalled(client, head, closed):
    """The store lost a file (a failed disk, a bad restore): the export refuses rather than ship a partial bag."""
    filled = closed
    blobs.path_of(filled.evidence.get().sha256).unlink()
    login(client, head)
    page = client.get(f"/casefiles/case/{filled.pk}/bagit/")
    assert page.status_code == 409 and "不在存储中" in page.content.decode()
    api = client.get(f"/api/v1/casefiles/{filled.pk}/bagit/")
    assert api.status_code == 409 and "不在存储中" in api.json()["detail"]
    assert not JournalEntry.objects.filter(subject_id=str(filled.pk), kind="record.accessed").exists()


def test_the_api_answers_the_assembled_case_file_with_its_archive_deadline(client, head, filled):
    body = login(client, head).get(f"/api/v1/casefiles/{filled.pk}/").json()
    assert body["cover"]["case_number"] == filled.display_number
    assert [d["title"] for d in body["documents"]] == ["立案审批表", "行政处罚决定书"]
    assert body["archive_deadline"]["label"] == "立卷归档" and body["archive_deadline"]["overdue"] is False
    assert body["archive_manifest"] is None


def test_the_include_for_the_case_page_links_the_case_file_and_the_exports(head, closed):
    filled = closed
    from django.template.loader import render_to_string

    html = render_to_string("casefiles/_case_file.html", {"case": filled})
    assert f"/casefiles/case/{filled.pk}/" in html and f"/casefiles/case/{filled.pk}/bagit/?format=zip" in html
    assert "归档期限" in html and "剩余" in html


# The case register ------------------------------------------------------------------------------------


def read_register(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    return rows[0][0], rows[2], rows[3:]


@pytest.fixture
def register_world(head, stranger):
    mine = make_case(head, title="销售过期食品案")
    cases.add_party(head, mine, {"kind": "natural", "name": "王小二", "id_number": make_id_number(serial=7)})
    closed = make_case(head, stage="closure", title="无照经营案")
    cases.add_party(head, closed, {"kind": "legal", "name": "蚌埠市好运来食品有限公司", "uscc": make_uscc("340300", 91),
                                   "legal_representative": "刘洋"})
    theirs = make_case(stranger, title="别家的案件")
    return mine, closed, theirs


def test_r5_the_register_holds_exactly_the_users_agencys_cases(client, head, register_world):
    mine, closed, theirs = register_world
    response = login(client, head).get("/casefiles/register.xlsx")
    assert response.status_code == 200
    title, header, rows = read_register(response.content)
    assert "内部资料" in title
    assert header[:5] == ("序号", "案件编号", "案由", "当事人", "统一社会信用代码/身份证号")
    assert header[-3:] == ("办理期限", "期限事项", "是否超期")
    assert sorted(r[2] for r in rows) == ["无照经营案", "销售过期食品案"]
    by_title = {r[2]: dict(zip(header, r, strict=True)) for r in rows}
    assert by_title["销售过期食品案"]["统一社会信用代码/身份证号"] == make_id_number(serial=7)  # full: agency staff only
    assert by_title["无照经营案"]["状态"] == "办理中" and by_title["无照经营案"]["当前环节"] == "结案"
    assert by_title["销售过期食品案"]["是否超期"] == "否"


def test_the_register_filters_by_status_and_stage_and_the_api_gives_the_same(client, head, register_world):
    login(client, head)
    _, _, rows = read_register(client.get("/casefiles/register.xlsx?stage=closure").content)
    assert [r[2] for r in rows] == ["无照经营案"]
    api = client.get("/api/v1/case-register/?stage=closure&status=open")
    assert api.status_code == 200
    assert [r[2] for r in read_register(api.content)[2]] == ["无照经营案"]


def test_the_register_export_is_journalled(client, head, register_world):
    login(client, head).get("/casefiles/register.xlsx?status=open")
    entry = JournalEntry.objects.get(kind="register.exported")
    payload = json.loads(entry.payload)
    assert payload["rows"] == 2 and payload["filters"] == {"status": "open"}


def test_bad_register_filters_are_refused_naming_the_field(client, head, register_world):
    login(client, head)
    page = client.get("/casefiles/register.xlsx?from=2026-13-01&status=lost")
    text = page.content.decode()
    assert page.status_code == 400 and "立案日期起（from）须为 YYYY-MM-DD 格式的日期" in text and "状态（status）只能是" in text
    api = client.get("/api/v1/case-register/?from=2026-05-01&to=2026-01-01&stage=DROP TABLE")
    assert api.status_code == 400 and api["Content-Type"] == "application/problem+json"
    assert api.json()["errors"]["to"] == ["立案日期止（to）不能早于立案日期起（from）"]
    assert "环节编码（stage）只能由小写字母" in api.json()["errors"]["stage"][0]
    assert not JournalEntry.objects.filter(kind="register.exported").exists()


def test_the_register_date_range_bounds_the_filing_date(client, head, register_world):
    mine, closed, _ = register_world
    Case.objects.filter(pk=closed.pk).update(filed_on="2026-01-10")
    login(client, head)
    _, _, rows = read_register(client.get("/casefiles/register.xlsx?from=2026-01-01&to=2026-01-31").content)
    assert [r[2] for r in rows] == ["无照经营案"]


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ADMIN])
def test_roles_without_an_agency_case_list_cannot_export_the_register(client, users, role):
    login(client, users[role])
    assert client.get("/casefiles/register.xlsx").status_code == 403
    assert client.get("/api/v1/case-register/").status_code == 403


def test_r5_a_closed_case_shows_its_archive_deadline_in_the_register(client, head, register_world):
    _, closed, _ = register_world
    Case.objects.filter(pk=closed.pk).update(status=Case.Status.CLOSED)
    _, header, rows = read_register(login(client, head).get("/casefiles/register.xlsx?status=closed").content)
    (row,) = [dict(zip(header, r, strict=True)) for r in rows]
    assert row["期限事项"] == "立卷归档" and row["是否超期"] == "否"
    assert row["办理期限"].date() >= timezone.localdate()


def test_r5_an_archived_case_file_page_shows_the_manifest_digest_and_any_gap(client, head, closed):
    """No signing certificate here: the case is archived without its cover and contents, and the page says so."""
    case = cases.transition(head, closed, "archive")
    from zhifa.casefiles.models import CaseFileManifest

    record = CaseFileManifest.objects.get(case=case)
    text = login(client, head).get(f"/casefiles/case/{case.pk}/").content.decode()
    assert record.sha256 in text and "按期归档" in text
    assert "归档缺项" in text and "未生成卷宗封面" in text and "尚未配置签章证书" in text
    body = client.get(f"/api/v1/casefiles/{case.pk}/").json()
    assert body["archive_manifest"]["sha256"] == record.sha256 and body["archive_deadline"]["status"] == "按期归档"
