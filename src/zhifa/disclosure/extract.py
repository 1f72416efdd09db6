"""What a disclosure needs from the case and the issued document, read once when it is opened or published.

The text is the issued DOCX's own (number and date filled in), paragraph by paragraph and cell by cell,
so the published copy says exactly what the sealed PDF says, minus the personal data.
"""

import datetime
import io
import re
from dataclasses import dataclass, field

from django.utils import timezone

from zhifa.documents.render import penalty_text

from . import masking
from .models import Category

# Document fields that name people other than the party (witnesses, respondents, recipients).
PERSON_FIELDS = ("respondent", "respondent_identity", "present", "recipient", "witness", "agent")
_SPLIT = re.compile(r"[，,、；;：:（）()\s/|和及与]+")
_PHONE = re.compile(r"1[3-9]\d{9}|0\d{2,3}-?\d{7,8}")


def document_text(docx: bytes) -> str:
    """The words of a DOCX in reading order: paragraphs, then table rows as "label：value"."""
    from docx import Document as Docx

    document = Docx(io.BytesIO(docx))
    lines = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(node.text or "" for node in child.iter() if node.tag.endswith("}t"))
            lines.append(text.strip())
        elif tag == "tbl":
            for row in child.iter():
                if not row.tag.endswith("}tr"):
                    continue
                cells = []
                for cell in row.iterchildren():
                    if cell.tag.endswith("}tc"):
                        cells.append("".join(n.text or "" for n in cell.iter() if n.tag.endswith("}t")).strip())
                lines.append("：".join(c for c in cells if c))
    return "\n".join(line for line in lines if line).strip()


def _names_in(text: str) -> list[str]:
    return [piece for piece in _SPLIT.split(text or "") if masking.looks_like_name(piece)]


@dataclass
class People:
    """Who the case names: whom to mask, whom to keep, and the personal data it recorded."""

    mask: list[str] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)
    terms: list[tuple[str, str]] = field(default_factory=list)


def case_people(case, *, mask_party_names: bool) -> People:
    """Every person named in the case data: parties, their representatives, officers, complainants, witnesses."""
    people = People()
    for link in case.case_parties.select_related("party"):
        party = link.party
        natural = party.kind == party.Kind.NATURAL
        if natural:
            (people.mask if mask_party_names else people.keep).append(party.name)
            if party.address:
                people.terms.append((masking.ADDRESS, party.address))
            if party.id_number:
                people.terms.append((masking.ID_NUMBER, party.id_number))
        else:
            people.keep.append(party.name)
        if party.legal_representative:
            people.keep.append(party.legal_representative)
        if party.phone:
            people.terms.append((masking.PHONE, party.phone))
    for link in case.case_officers.select_related("person"):
        people.keep.append(link.person.name)
    lead = case.lead if case.lead_id else None
    if lead is not None:
        for source in (lead.reporter, lead.party_name if lead.party_name and not _is_party(case, lead) else ""):
            people.mask += _names_in(source)
            people.terms += [(masking.PHONE, phone) for phone in _PHONE.findall(source or "")]
    for document in case.documents.all():
        for name in PERSON_FIELDS:
            value = (document.fields or {}).get(name)
            if isinstance(value, str):
                people.mask += [n for n in _names_in(value) if n not in people.keep]
    people.mask = list(dict.fromkeys(people.mask))
    people.keep = [k for k in dict.fromkeys(people.keep) if k not in people.mask]
    return people


def _is_party(case, lead) -> bool:
    return case.case_parties.filter(party__name=lead.party_name).exists()


@dataclass(frozen=True)
class Target:
    name: str
    kind: str
    code: str


def target_of(case, *, mask_party_names: bool) -> Target:
    """执法对象: the parties as the public sees them (a natural person's ID number never; the name masked on request)."""
    parties = [link.party for link in case.case_parties.select_related("party")]
    if not parties:
        return Target("", "", "")
    names = [masking.mask_name(p.name) if p.kind == p.Kind.NATURAL and mask_party_names else p.name for p in parties]
    first = parties[0]
    return Target("、".join(names), first.get_kind_display(), first.uscc if first.kind != first.Kind.NATURAL else "")


def conclusion_of(document, case) -> str:
    """执法结论 in one line."""
    code, fields = document.template.code, document.fields or {}
    if code in {"penalty_decision", "summary_decision"}:
        return penalty_text(case) or "给予行政处罚"
    if code == "no_penalty_decision":
        return "不予行政处罚"
    if code == "licence_grant":
        return "准予行政许可" + (f"：{fields['content']}" if fields.get("content") else "")
    if code == "licence_refusal":
        return "不予行政许可"
    if code == "seizure_decision":
        return f"{fields.get('measure') or '查封、扣押'}（期限{fields.get('period', '')}）"
    return document.title


def basis_of(document, case) -> str:
    return case.provisions_penalised or (document.fields or {}).get("basis", "")


def age_on(id_number: str, day: datetime.date) -> int | None:
    if not masking.is_id_number(id_number or ""):
        return None
    birth = datetime.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def concerns_minor(case, day: datetime.date) -> bool:
    """A natural-person party under 18 on the day of the decision (identity number on file)."""
    for link in case.case_parties.select_related("party"):
        age = age_on(link.party.id_number, day)
        if age is not None and age < 18:
            return True
    return False


def is_warning_only(case, category: str) -> bool:
    return category == Category.PENALTY and list(case.penalty_kinds or []) == ["warning"] and not case.fine_amount


def decided_on(document) -> datetime.date:
    return timezone.localdate(document.issued_at) if document.issued_at else timezone.localdate()
