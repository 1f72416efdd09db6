"""Filling a template: the case's facts and the officer's fields → DOCX (docxtpl), marks → number and date.

The context is built from the case as it stands when the draft is (re-)rendered; the document
number and the issue date are left as marks (:data:`~.catalogue.NUMBER_MARK`,
:data:`~.catalogue.DATE_MARK`) and filled in at issue time, inside the transaction that takes
the number, so a draft never holds a number that a rollback could take back.
"""

import io
import re
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape

from django.core.exceptions import ValidationError
from django.utils import timezone

from .catalogue import CASE_DATA, DATE_MARK, NUMBER_MARK
from .loader import template_path

PENALTY_KINDS = {
    "warning": "警告", "criticism": "通报批评", "fine": "罚款", "confiscation": "没收违法所得、没收非法财物",
    "suspend_licence": "暂扣许可证件", "lower_qualification": "降低资质等级", "revoke_licence": "吊销许可证件",
    "restrict_activity": "限制开展生产经营活动", "order_closure": "责令停产停业", "order_close": "责令关闭",
    "restrict_employment": "限制从业", "detention": "行政拘留",
}
ROW_SEPARATOR = re.compile(r"\s*[|｜]\s*")


def money(amount: Decimal | None) -> str:
    return f"{amount:,.2f}" if amount is not None else ""


def _date(value) -> str:
    return f"{value:%Y年%m月%d日}" if value else ""


def penalty_text(case) -> str:
    """PL Art. 9 kinds in words, with the amounts: "罚款人民币5,000.00元，没收违法所得人民币1,200.00元"."""
    parts = []
    for kind in case.penalty_kinds or []:
        label = PENALTY_KINDS.get(kind, kind)
        if kind == "fine" and case.fine_amount is not None:
            label = f"罚款人民币{money(case.fine_amount)}元"
        elif kind == "confiscation" and case.confiscation_amount is not None:
            label = f"没收违法所得人民币{money(case.confiscation_amount)}元"
        parts.append(label)
    if "fine" not in (case.penalty_kinds or []) and case.fine_amount:
        parts.append(f"罚款人民币{money(case.fine_amount)}元")
    return "，".join(parts)


def party_description(party) -> str:
    code = f"统一社会信用代码：{party.uscc}" if party.uscc else (f"身份证号码：{party.id_number}" if party.id_number else "")
    bits = [party.name, code]
    if party.legal_representative:
        bits.append(f"法定代表人（负责人、经营者）：{party.legal_representative}")
    if party.address:
        bits.append(f"住所：{party.address}")
    return "，".join(b for b in bits if b)


def case_context(case) -> dict:
    """Everything a template may use about the case, as display strings."""
    parties = [link.party for link in case.case_parties.select_related("party")]
    officers = []
    for link in case.case_officers.filter(released_at__isnull=True).select_related("person"):
        today = timezone.localdate()
        certificate = next((c for c in link.person.certificates.all() if c.is_valid_on(today)), None)
        officers.append({"name": link.person.name, "certificate": certificate.number if certificate else ""})
    party_rows = [
        {"name": p.name, "kind": p.get_kind_display(), "code": p.identifier, "address": p.address,
         "legal_representative": p.legal_representative, "phone": p.phone, "description": party_description(p)}
        for p in parties
    ]
    lead = case.lead if case.lead_id else None
    return {
        "agency": {"name": case.agency.name, "short_name": case.agency.short_name,
                   "address": case.agency.address, "phone": case.agency.phone},
        "case": {
            "number": case.number or (lead.number if lead else ""), "title": case.title, "place": case.place,
            "facts": case.facts, "provisions_violated": case.provisions_violated,
            "provisions_penalised": case.provisions_penalised, "penalty": penalty_text(case),
            "fine": money(case.fine_amount), "confiscation": money(case.confiscation_amount),
            "filed_on": _date(case.filed_on), "decided_on": _date(case.decided_on), "closed_on": _date(case.closed_on),
            "lead_number": lead.number if lead else "", "received_on": _date(lead.received_on) if lead else "",
            "summary": (lead.summary if lead else "") or case.facts,
        },
        "parties": party_rows,
        "party": party_rows[0] if party_rows else {"name": "", "description": ""},
        "parties_text": "；".join(p["description"] for p in party_rows),
        "officers": officers,
        "officers_text": "、".join(
            f"{o['name']}（执法证号：{o['certificate']}）" if o["certificate"] else o["name"] for o in officers
        ),
        "number": NUMBER_MARK,
        "date": DATE_MARK,
    }


def missing_case_data(template, case) -> list[str]:
    """The case facts ``template`` needs that the case does not have yet, by the names officers see."""
    missing = []
    for key in template.case_data:
        if key == "parties":
            present = case.case_parties.exists()
        elif key == "penalty":
            present = bool(case.penalty_kinds) or case.fine_amount is not None
        else:
            present = bool((getattr(case, key, "") or "").strip())
        if not present:
            missing.append(CASE_DATA.get(key, key))
    return missing


def clean_fields(template, data: dict) -> dict:
    """The officer's fields, checked against the template's list: unknown, missing and malformed ones named."""
    data = dict(data or {})
    errors = {}
    unknown = set(data) - {f["name"] for f in template.fields}
    for name in sorted(unknown):
        errors[name] = f"“{template.title}”没有“{name}”这一填写项"
    cleaned = {}
    for spec in template.fields:
        name, label = spec["name"], spec["label"]
        value = data.get(name, "")
        if spec["kind"] == "rows":
            rows, problem = _rows(value, spec["columns"], label)
            if problem:
                errors[name] = problem
                continue
            if spec.get("required") and not rows:
                errors[name] = f"请填写“{label}”（至少一行）"
            cleaned[name] = rows
            continue
        if value is None:
            value = ""
        if not isinstance(value, str | int | float | Decimal):
            errors[name] = f"“{label}”应为文字"
            continue
        value = str(value).replace("\r\n", "\n").strip()
        if spec.get("required") and not value:
            errors[name] = f"请填写“{label}”"
        elif len(value) > 20000:
            errors[name] = f"“{label}”不能超过20000字"
        cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _rows(value, columns, label):
    """Rows from a list (of lists or of dicts keyed by column name) or from text, one row a line, cells split by "|"."""
    if value in (None, ""):
        return [], None
    if isinstance(value, str):
        value = [ROW_SEPARATOR.split(line.strip()) for line in value.splitlines() if line.strip()]
    if not isinstance(value, list):
        return [], f"“{label}”应为多行列表"
    rows = []
    for index, row in enumerate(value, 1):
        if isinstance(row, dict):
            row = [row.get(column, "") for column in columns]
        if not isinstance(row, list | tuple) or len(row) > len(columns):
            return [], f"“{label}”第{index}行应有{len(columns)}栏：{'|'.join(columns)}"
        cells = [str(cell if cell is not None else "").strip() for cell in row]
        rows.append(cells + [""] * (len(columns) - len(cells)))
    return rows, None


def render_docx(template, context: dict) -> bytes:
    """The template's DOCX with ``context`` filled in (XML-escaped; newlines become line breaks)."""
    from docxtpl import DocxTemplate

    document = DocxTemplate(str(template_path(template.source)))
    document.render(context, autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def is_docx(data: bytes) -> bool:
    """A Word document: a ZIP holding ``word/document.xml`` (not merely a file named .docx)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist() and "[Content_Types].xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def fill_marks(docx: bytes, *, number: str, date: str) -> tuple[bytes, set[str]]:
    """Replace the number and date marks in the DOCX's text parts; returns the new file and the marks found."""
    found = set()
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("word/") and item.filename.endswith(".xml"):
                text = data.decode("utf-8")
                for mark, value in ((NUMBER_MARK, number), (DATE_MARK, date)):
                    if mark in text:
                        found.add(mark)
                        text = text.replace(mark, escape(value))
                data = text.encode("utf-8")
            target.writestr(item, data)
    return out.getvalue(), found


def page_count(pdf: bytes) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return int(PdfFileReader(io.BytesIO(pdf)).root["/Pages"]["/Count"])
