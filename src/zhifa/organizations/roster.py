"""The officer roster (执法人员名册) as an Excel workbook (O1): exported within the reader's scope, imported all or nothing.

An import reads and checks the whole file first. Only a file without a single bad row changes
anything, and then every change goes through the registry services inside one transaction, so each
is permission-checked, validated by the model and journalled like an edit made on the page. A file
with bad rows changes nothing and answers every row's errors: row number, column, and the rule broken.
"""

import datetime
import io
import zipfile
from collections import defaultdict
from dataclasses import asdict, dataclass, field

import openpyxl
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from openpyxl.styles import Font
from openpyxl.utils.datetime import from_excel

from zhifa.accounts.roles import REGISTRY_EDITORS
from zhifa.core.scoping import scope_for
from zhifa.core.validators import id_number_error, region_code_error

from . import selectors, services
from .models import Agency, Certificate, Person
from .permissions import can_edit_registry

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE = "执法人员名册"


def keeps_roster(user) -> bool:
    """Who keeps the roster: imports it and, as on the detail pages, sees its personal data (P15)."""
    return scope_for(user).role in REGISTRY_EDITORS


def limits() -> dict:
    """File limits, overridable in ``settings.ZHIFA``: an import must never exhaust the server."""
    config = getattr(settings, "ZHIFA", {})
    return {
        "max_bytes": config.get("ROSTER_MAX_BYTES", 5 * 1024 * 1024),
        "max_rows": config.get("ROSTER_MAX_ROWS", 5000),
        "max_unpacked_bytes": config.get("ROSTER_MAX_UNPACKED_BYTES", 100 * 1024 * 1024),
    }


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    width: int
    private: bool = False  # personal data: exported only to those who keep the roster, optional on import
    kind: str = "text"  # text | date | code (kept as text so Excel cannot mangle the digits)


COLUMNS = (
    Column("姓名", "name", 10),
    Column("性别", "gender", 6),
    Column("身份证号码", "id_number", 21, private=True, kind="code"),
    Column("执法主体", "agency", 28),
    Column("内设机构", "department", 16),
    Column("岗位", "post", 12),
    Column("职务", "title", 12),
    Column("执法证号", "number", 18, kind="code"),
    Column("执法类别", "category", 18),
    Column("执法区域", "region_code", 10, kind="code"),
    Column("发证日期", "issued_on", 12, kind="date"),
    Column("有效期至", "expires_on", 12, kind="date"),
    Column("状态", "status", 8),
)
HEADERS = {c.key: c.header for c in COLUMNS}
KEYS_BY_HEADER = {c.header: c.key for c in COLUMNS}
PERSON_KEYS = ("name", "gender", "id_number", "agency", "department", "post", "title")
CERTIFICATE_KEYS = ("number", "category", "region_code", "issued_on", "expires_on", "status")
# The columns read from the sheet beyond which nothing is looked at (a sheet may claim 16,384 columns).
MAX_COLUMNS = 50


def columns_for(user) -> tuple[Column, ...]:
    show_private = keeps_roster(user)
    return tuple(c for c in COLUMNS if show_private or not c.private)


# Export.


def _row(person: Person, cert: Certificate | None) -> dict:
    row = {
        "name": person.name,
        "gender": person.get_gender_display() if person.gender else "",
        "id_number": person.id_number,
        "agency": person.agency.name,
        "department": person.department.name if person.department_id else "",
        "post": person.get_post_display(),
        "title": person.title,
    }
    if cert is not None:
        row.update(
            number=cert.number,
            category=cert.category,
            region_code=cert.region_code,
            issued_on=cert.issued_on,
            expires_on=cert.expires_on,
            status=cert.get_status_display(),
        )
    return row


def roster_rows(user, *, source: str = "person", **filters) -> list[dict]:
    """One row per certificate; a person without one gets a row of their own (``source="person"``).

    ``source`` says which list the export mirrors, with that list's filters: the people list or the
    certificate list. Either way the rows are read through the scoped selectors.
    """
    if source == "certificate":
        certificates = selectors.certificates(user, **filters).select_related("person__department")
        return [_row(c.person, c) for c in certificates]
    people = selectors.people(user, **filters).prefetch_related(
        Prefetch("certificates", queryset=Certificate.objects.order_by("number"))
    )
    return [_row(p, c) for p in people for c in (list(p.certificates.all()) or [None])]


def write_workbook(columns, rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append([c.header for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([row.get(c.key, "") for c in columns])
    for index, column in enumerate(columns, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.kind == "text":
            continue
        number_format = "yyyy-mm-dd" if column.kind == "date" else "@"
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            cell.number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_roster(user, *, source: str = "person", blank: bool = False, **filters) -> bytes:
    """The roster as the user may see it; ``blank`` gives the empty template for an import."""
    rows = [] if blank else roster_rows(user, source=source, **filters)
    return write_workbook(columns_for(user), rows)


def export_filename(today: datetime.date | None = None) -> str:
    return f"{SHEET_TITLE}-{(today or timezone.localdate()):%Y%m%d}.xlsx"


# Import: errors.


class RosterFileError(Exception):
    """The file as a whole cannot be used (type, size, corruption, layout); nothing was read into the registry."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True, order=True)
class RowError:
    row: int  # the row number Excel shows; the header is row 1
    column: str  # the column's header, or "" for the row as a whole
    message: str


class RosterInvalid(Exception):
    """Some rows are bad: the whole file was refused and nothing changed."""

    def __init__(self, errors):
        self.errors = sorted(set(errors), key=lambda e: (e.row, _column_order(e.column), e.message))
        rows = len({e.row for e in self.errors})
        self.message = f"名册中有{rows}行数据有误（共{len(self.errors)}处），未导入任何数据；请全部改正后重新上传整个文件"
        super().__init__(self.message)

    def as_list(self) -> list[dict]:
        return [asdict(e) for e in self.errors]


def _column_order(header: str) -> int:
    keys = list(HEADERS.values())
    return keys.index(header) if header in keys else -1


# Import: reading the file.

FILE_UNREADABLE = "文件已损坏或不是有效的 Excel 工作簿（.xlsx），无法读取"


def read_sheet(upload) -> list[tuple[int, dict]]:
    """The file's data rows as ``(row number, {column key: cell value})``; raises :class:`RosterFileError`."""
    limit = limits()
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".xlsx"):
        raise RosterFileError(
            "只能导入 .xlsx 格式的 Excel 工作簿（不支持 .xls、.csv 等格式）；请在 Excel 中“另存为 Excel 工作簿”后重试", 415
        )
    size = upload.size
    if size > limit["max_bytes"]:
        raise RosterFileError(
            f"文件大小为 {size / 1048576:.1f} MB，超过 {limit['max_bytes'] / 1048576:.0f} MB 的上限；请分批导入", 413
        )
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise RosterFileError(FILE_UNREADABLE) from exc
    if unpacked > limit["max_unpacked_bytes"]:
        raise RosterFileError("文件解压后内容过大，拒绝读取；请只保留名册工作表后重试", 413)
    upload.seek(0)
    workbook = None
    try:
        workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
        sheet = workbook[SHEET_TITLE] if SHEET_TITLE in workbook.sheetnames else workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        positions = _read_header(next(rows, None))
        records = []
        for number, values in enumerate(rows, start=2):
            if all(_text(v) == "" for v in values):
                continue
            if len(records) >= limit["max_rows"]:
                raise RosterFileError(f"数据超过 {limit['max_rows']} 行的上限；请拆分为多个文件分批导入")
            records.append((number, {key: values[i] if i < len(values) else None for key, i in positions.items()}))
    except RosterFileError:
        raise
    except Exception as exc:  # openpyxl raises many kinds of errors on a malformed part; all mean the same here
        raise RosterFileError(FILE_UNREADABLE) from exc
    finally:
        if workbook is not None:
            workbook.close()
    if not records:
        raise RosterFileError("文件中没有数据行（第1行为表头，数据从第2行开始）")
    return records


def _read_header(values) -> dict:
    if values is None or all(_text(v) == "" for v in values):
        raise RosterFileError("文件是空的：第1行应为表头（姓名、性别、执法主体……），数据从第2行开始")
    positions, unknown, repeated = {}, [], []
    for index, value in enumerate(values):
        header = _text(value)
        if not header:
            continue
        key = KEYS_BY_HEADER.get(header)
        if key is None:
            unknown.append(header)
        elif key in positions:
            repeated.append(header)
        else:
            positions[key] = index
    missing = [c.header for c in COLUMNS if not c.private and c.key not in positions]
    problems = []
    if missing:
        problems.append(f"缺少列：{'、'.join(missing)}")
    if unknown:
        problems.append(f"无法识别的列：{'、'.join(unknown)}")
    if repeated:
        problems.append(f"重复的列：{'、'.join(repeated)}")
    if problems:
        raise RosterFileError(f"表头与名册格式不符（{'；'.join(problems)}）；请使用导出的名册或导入模板")
    return positions


# Import: one row, on its own.


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    return str(value).strip()


DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
EXCEL_SERIAL_RANGE = (18264, 73415)  # 1950-01-01 … 2100-12-31


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and not 10_000_000 <= value <= 99_991_231:
        # A date typed into a cell not formatted as a date: Excel's serial day number, if plausible (1950–2100).
        return from_excel(value).date() if EXCEL_SERIAL_RANGE[0] <= value <= EXCEL_SERIAL_RANGE[1] else None
    text = _text(value)
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _choice(text: str, choices, default=None):
    if not text:
        return default
    return {label: value for value, label in choices}.get(text)


def _max_length(model, key, text):
    limit = model._meta.get_field(key).max_length
    if limit and len(text) > limit:
        return f"{HEADERS[key]}不能超过{limit}个字符（当前{len(text)}个）"
    return None


@dataclass
class RosterRow:
    row: int
    person: dict = field(default_factory=dict)  # name, gender, id_number, agency, department, post, title
    certificate: dict | None = None  # number, category, region_code, issued_on, expires_on, status
    errors: list = field(default_factory=list)
    key: tuple | None = None  # which person the row speaks of (set by the plan)

    def error(self, key: str, message: str):
        self.errors.append(RowError(self.row, HEADERS.get(key, ""), message))


def parse_row(number: int, cells: dict) -> RosterRow:
    """Types and checks one row without the database; the agency and department stay names here."""
    row = RosterRow(number)
    text = {key: _text(value) for key, value in cells.items()}
    p = row.person
    p["name"] = text.get("name", "")
    if not p["name"]:
        row.error("name", "姓名不能为空")
    p["gender"] = _choice(text.get("gender", ""), Person.Gender.choices, "")
    if p["gender"] is None:
        row.error("gender", f"性别只能填写“男”或“女”，当前为“{text['gender']}”")
    p["id_number"] = text.get("id_number", "").upper()
    if isinstance(cells.get("id_number"), int | float):
        row.error("id_number", "身份证号码应以文本格式填写：数字格式会丢失末几位，请将该列设为“文本”后重新输入")
    elif p["id_number"]:
        message = id_number_error(p["id_number"])
        if message:
            row.error("id_number", message)
    p["agency"] = text.get("agency", "")
    if not p["agency"]:
        row.error("agency", "执法主体不能为空（请填写执法主体全称）")
    p["department"] = text.get("department", "")
    p["post"] = _choice(text.get("post", ""), Person.Post.choices, Person.Post.OFFICER)
    if p["post"] is None:
        labels = "、".join(label for _, label in Person.Post.choices)
        row.error("post", f"岗位只能填写：{labels}，当前为“{text['post']}”")
    p["title"] = text.get("title", "")
    for key in ("name", "title"):
        message = _max_length(Person, key, p[key])
        if message:
            row.error(key, message)
    if any(text.get(key) for key in CERTIFICATE_KEYS):
        row.certificate = _parse_certificate(row, cells, text)
    return row


def _parse_certificate(row: RosterRow, cells: dict, text: dict) -> dict:
    c = {key: text.get(key, "") for key in ("number", "category", "region_code")}
    for key in ("number", "category", "region_code", "issued_on", "expires_on"):
        if not text.get(key):
            row.error(key, f"填写了执法证信息时，{HEADERS[key]}不能为空")
    for key in ("number", "category"):
        message = c[key] and _max_length(Certificate, key, c[key])
        if message:
            row.error(key, message)
    if c["region_code"]:
        message = region_code_error(c["region_code"])
        if message:
            row.error("region_code", f"执法区域的{message}")
    for key in ("issued_on", "expires_on"):
        c[key] = _date(cells.get(key)) if text.get(key) else None
        if text.get(key) and c[key] is None:
            row.error(key, f"{HEADERS[key]}“{text[key]}”不是有效日期，请按 2024-01-31 的格式填写")
    if c["issued_on"] and c["expires_on"] and c["expires_on"] <= c["issued_on"]:
        row.error("expires_on", f"有效期至（{c['expires_on']}）必须晚于发证日期（{c['issued_on']}）")
    c["status"] = _choice(text.get("status", ""), Certificate.Status.choices, Certificate.Status.ACTIVE)
    if c["status"] is None:
        labels = "、".join(label for _, label in Certificate.Status.choices)
        row.error("status", f"状态只能填写：{labels}，当前为“{text['status']}”")
    return c


# Import: the rows against the registry and each other.


@dataclass
class Plan:
    rows: list
    existing_people: dict  # key → Person
    existing_certificates: dict  # number → Certificate

    @property
    def errors(self) -> list:
        return [e for row in self.rows for e in row.errors]


def plan_import(user, records) -> Plan:
    """Parses every row and matches it to the registry, within the user's scope; no change is made."""
    rows = [parse_row(number, cells) for number, cells in records]
    _resolve_agencies(user, rows)
    _resolve_departments(user, rows)
    ids = {r.person["id_number"] for r in rows if r.person["id_number"]}
    numbers = {r.certificate["number"] for r in rows if r.certificate and r.certificate["number"]}
    people_by_id = {p.id_number: p for p in selectors.people(user).filter(id_number__in=ids)}
    ids_elsewhere = set(Person.objects.filter(id_number__in=ids - people_by_id.keys()).values_list("id_number", flat=True))
    certificates = {c.number: c for c in selectors.certificates(user).filter(number__in=numbers)}
    numbers_elsewhere = set(
        Certificate.objects.filter(number__in=numbers - certificates.keys()).values_list("number", flat=True)
    )
    namesakes = defaultdict(list)
    names = {r.person["name"] for r in rows}
    for person in selectors.people(user).filter(name__in=names):
        namesakes[(person.agency_id, person.name)].append(person)
    existing = {}
    for row in rows:
        agency = row.person.get("agency_obj")
        if agency is None or row.errors:
            continue
        person = _match_person(row, agency, people_by_id, ids_elsewhere, certificates, numbers_elsewhere, namesakes)
        if person is not None:
            existing[row.key] = person
    _check_file_consistency(rows)
    return Plan(rows, existing, certificates)


def _resolve_agencies(user, rows):
    in_scope = {a.name: a for a in selectors.agencies(user)}
    wanted = {r.person["agency"] for r in rows if r.person["agency"]}
    known_elsewhere = set(Agency.objects.filter(name__in=wanted - in_scope.keys()).values_list("name", flat=True))
    for row in rows:
        name = row.person["agency"]
        if not name:
            continue
        agency = in_scope.get(name)
        if agency is not None and can_edit_registry(user, agency):
            row.person["agency_obj"] = agency
        elif agency is not None or name in known_elsewhere:
            row.error("agency", f"执法主体“{name}”不在您的管辖范围内，不能导入其人员")
        else:
            row.error("agency", f"执法主体“{name}”不存在，请填写已登记的执法主体全称")


def _resolve_departments(user, rows):
    departments = {(d.agency_id, d.name): d for d in selectors.departments(user)}
    for row in rows:
        agency, name = row.person.get("agency_obj"), row.person["department"]
        row.person["department_obj"] = None
        if agency is None or not name:
            continue
        department = departments.get((agency.pk, name))
        if department is None:
            row.error("department", f"内设机构“{name}”不属于执法主体“{agency.name}”，请先在系统中登记该内设机构")
        row.person["department_obj"] = department


def _match_person(row, agency, people_by_id, ids_elsewhere, certificates, numbers_elsewhere, namesakes):
    """Which registered person the row speaks of, if any; sets ``row.key`` either way."""
    p, number = row.person, (row.certificate or {}).get("number")
    person = people_by_id.get(p["id_number"]) if p["id_number"] else None
    if p["id_number"] in ids_elsewhere:
        row.error("id_number", "该身份证号码已登记在您管辖范围以外的执法主体的人员名下")
        return None
    held = certificates.get(number) if number else None
    if number in numbers_elsewhere:
        row.error("number", f"执法证号“{number}”已被其他执法主体的人员持有（执法证号不能重复）")
        return None
    if held is not None:
        holder = held.person
        if person is not None and holder.pk != person.pk or person is None and (
            holder.name != p["name"] or p["id_number"] and holder.id_number
        ):
            row.error("number", f"执法证号“{number}”已登记给“{holder.name}”（执法证号不能重复）")
            return None
        person = holder
    if person is None:
        candidates = [c for c in namesakes.get((agency.pk, p["name"]), []) if not p["id_number"] or not c.id_number]
        if len(candidates) > 1:
            row.error("name", f"“{agency.name}”有{len(candidates)}名名为“{p['name']}”的人员，请填写身份证号码以区分")
            return None
        person = candidates[0] if candidates else None
    if person is not None:
        row.key = ("pk", person.pk)
    elif p["id_number"]:
        row.key = ("id", p["id_number"])
    else:
        row.key = ("name", agency.pk, p["name"])
    return person


def _check_file_consistency(rows):
    """Rows about the same person agree; no certificate number appears twice in the file."""
    first_of_person, first_of_number = {}, {}
    new_with_id = {(r.person["agency_obj"].pk, r.person["name"]): r for r in rows if r.key and r.key[0] == "id"}
    for row in rows:
        number = (row.certificate or {}).get("number")
        if number:
            if number in first_of_number:
                row.error("number", f"执法证号“{number}”与第{first_of_number[number]}行重复（执法证号不能重复）")
            else:
                first_of_number[number] = row.row
        if row.key is None:
            continue
        if row.key[0] == "name" and row.key[1:] in new_with_id:
            other = new_with_id[row.key[1:]]
            row.error("id_number", f"第{other.row}行的“{row.person['name']}”填写了身份证号码，同一人员的各行都应填写")
            continue
        first = first_of_person.setdefault(row.key, row)
        if first is row:
            continue
        for key in PERSON_KEYS:
            mine, theirs = row.person[key], first.person[key]
            if key == "id_number" and not (mine and theirs):
                continue
            if mine != theirs:
                row.error(key, f"与第{first.row}行是同一人员，但{HEADERS[key]}不一致")


# Import: applying a clean plan.


@dataclass
class ImportResult:
    rows: int = 0
    people_created: int = 0
    people_updated: int = 0
    people_unchanged: int = 0
    certificates_created: int = 0
    certificates_updated: int = 0
    certificates_unchanged: int = 0


def import_roster(user, upload) -> ImportResult:
    """Reads, checks and — only if every row is good — applies the file in one transaction.

    Raises :class:`RosterFileError` for an unusable file, :class:`RosterInvalid` with every row's
    errors otherwise; in both cases nothing has changed.
    """
    if not keeps_roster(user):
        raise PermissionDenied("只有机关负责人和系统管理员可以导入名册")
    plan = plan_import(user, read_sheet(upload))
    if plan.errors:
        raise RosterInvalid(plan.errors)
    with transaction.atomic():
        result, errors = _apply(user, plan)
        if errors:  # a rule only the model knows: undo everything done so far
            raise RosterInvalid(errors)
    return result


def _apply(user, plan: Plan):
    result, errors, people = ImportResult(rows=len(plan.rows)), [], {}
    for row in plan.rows:
        if row.key not in people:
            people[row.key] = _guarded(row, errors, _save_person, user, row, plan.existing_people.get(row.key), result)
        person = people[row.key]
        if person is not None and row.certificate is not None:
            existing = plan.existing_certificates.get(row.certificate["number"])
            _guarded(row, errors, _save_certificate, user, row, person, existing, result)
    return result, errors


def _guarded(row, errors, function, *args):
    """Runs one service call; what it refuses becomes this row's error and the import goes on checking."""
    try:
        return function(*args)
    except ValidationError as exc:
        details = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
        for name, messages in details.items():
            errors.extend(RowError(row.row, HEADERS.get(name, ""), m) for m in messages)
    except PermissionDenied as exc:
        errors.append(RowError(row.row, HEADERS["agency"], str(exc) or "您无权修改该执法主体的人员"))
    except services.ConflictError as exc:
        errors.append(RowError(row.row, "", exc.message))
    return None


def _changes(instance, data: dict) -> dict:
    return {k: v for k, v in data.items() if getattr(instance, k) != v}


def _save_person(user, row, person, result):
    p = row.person
    data = {"agency": p["agency_obj"], "department": p["department_obj"], "name": p["name"],
            "gender": p["gender"], "post": p["post"], "title": p["title"]}
    if p["id_number"]:  # an empty cell never erases a registered ID number
        data["id_number"] = p["id_number"]
    return _save(user, person, data, services.create_person, services.update_person, result, "people")


def _save_certificate(user, row, person, certificate, result):
    data = {**row.certificate, "person": person}
    return _save(user, certificate, data, services.create_certificate, services.update_certificate, result,
                 "certificates")


def _save(user, instance, data, create, update, result, counter):
    """Creates, updates only what differs (so an unchanged row writes no journal entry), and counts."""
    if instance is None:
        instance, outcome = create(user, data), "created"
    elif changes := _changes(instance, data):
        instance, outcome = update(user, instance, changes, version=instance.version), "updated"
    else:
        outcome = "unchanged"
    name = f"{counter}_{outcome}"
    setattr(result, name, getattr(result, name) + 1)
    return instance
