"""Assembling the case file (案卷, R5): cover, table of contents, documents, evidence, AV index.

The order follows archival practice for enforcement case files: the cover (卷宗封面) and the table
of contents (卷内目录) first and unnumbered, then the documents in the order of the procedure's
stages (within a stage by issue time), then the evidence in the order it was entered; audio and
video records are listed again in their own index (音像记录索引) because they are kept on their
own carriers. Pages are numbered across the documents only, from 1.

The parts come from their own apps: the current issued documents from
:func:`zhifa.documents.selectors.issued_documents`, the evidence (withdrawn items left out) from
:func:`zhifa.evidence.selectors.case_evidence`. An empty part is empty: nothing issued, nothing stored.
"""

import csv
import dataclasses
import datetime
import hashlib
import io
from dataclasses import dataclass, field

from django.utils import timezone

from zhifa.cases import engine
from zhifa.documents.models import Document
from zhifa.documents.selectors import issued_documents
from zhifa.evidence.selectors import EvidenceItem, case_evidence
from zhifa.ledger.canonical import canonicalize, to_jsonable

from . import rules

# The documents app's template codes of a case file's front matter, and the titles they carry.
COVER_TEMPLATE = "file_cover"
CONTENTS_TEMPLATE = "file_index"
FRONT_MATTER = (COVER_TEMPLATE, CONTENTS_TEMPLATE)
COVER_TITLE = "卷宗封面"
CONTENTS_TITLE = "卷内目录"


@dataclass(frozen=True)
class Cover:
    agency: str
    case_number: str
    title: str
    parties: list[str]
    filed_on: datetime.date | None
    closed_on: datetime.date | None
    archived_on: datetime.date | None
    officers: list[str]
    retention: str
    volumes: int
    pages: int


@dataclass(frozen=True)
class DocumentEntry:
    """An issued document as the case file lists it: its place, its stage and its page numbers."""

    seq: int
    pk: int
    template: str
    title: str
    number: str
    issued_at: datetime.datetime
    stage: str
    stage_name: str
    page_count: int
    first_page: int | None
    last_page: int | None
    sha256: str

    @property
    def front_matter(self) -> bool:
        """The cover and the table of contents: first in the file, not page-numbered (DA/T 22)."""
        return self.template in FRONT_MATTER

    @property
    def pages(self) -> str:
        if self.first_page is None:
            return ""
        return str(self.first_page) if self.first_page == self.last_page else f"{self.first_page}-{self.last_page}"


@dataclass(frozen=True)
class EvidenceEntry(EvidenceItem):
    """The evidence app's :class:`EvidenceItem` with its place in the case file (序号); nothing copied."""

    seq: int

    @classmethod
    def numbered(cls, seq: int, item: EvidenceItem) -> "EvidenceEntry":
        return cls(seq=seq, **{f.name: getattr(item, f.name) for f in dataclasses.fields(item)})


@dataclass(frozen=True)
class ContentsLine:
    seq: int
    title: str
    number: str
    date: datetime.date | None
    pages: str
    remarks: str


AV_COLUMNS = (
    ("seq", "序号"), ("title", "名称"), ("captured_from", "拍摄开始时间"), ("captured_to", "拍摄结束时间"),
    ("place", "地点"), ("collector", "采集人"), ("object_to_prove", "证明对象"), ("device", "采集设备"),
    ("sha256", "SHA-256"), ("size", "大小（字节）"),
)


@dataclass
class CaseFile:
    case: object
    cover: Cover
    documents: list[DocumentEntry]
    evidence: list[EvidenceEntry]
    contents: list[ContentsLine]
    generated_at: datetime.datetime = field(default_factory=timezone.now)

    @property
    def av_index(self) -> list[EvidenceEntry]:
        return [e for e in self.evidence if e.is_av]

    def as_dict(self) -> dict:
        """The assembled metadata as plain JSON values (casefile.json in the bag, the API's answer)."""
        return to_jsonable({
            "case": {"pk": self.case.pk, "number": self.case.display_number, "title": self.case.title,
                     "status": self.case.get_status_display(), "stage": self.case.stage_name},
            "cover": _fields(self.cover),
            "contents": [_fields(line) for line in self.contents],
            "documents": [dict(_fields(d), pages=d.pages, front_matter=d.front_matter) for d in self.documents],
            "evidence": [_fields(e) for e in self.evidence],
            "av_index": [{key: getattr(e, key) for key, _ in AV_COLUMNS} for e in self.av_index],
            "generated_at": self.generated_at,
        })

    def manifest(self) -> dict:
        """Every item with its digest, without times of generation: the same file gives the same manifest."""
        return to_jsonable({
            "case": self.case.display_number,
            "agency": self.cover.agency,
            "retention": self.cover.retention,
            "items": [
                *({"part": "document", "seq": d.seq, "title": d.title, "number": d.number, "pages": d.page_count,
                   "sha256": d.sha256} for d in self.documents),
                *({"part": "evidence", "seq": e.seq, "title": e.title, "av": e.is_av, "size": e.size,
                   "sha256": e.sha256} for e in self.evidence),
            ],
        })

    def manifest_sha256(self) -> str:
        return hashlib.sha256(canonicalize(self.manifest())).hexdigest()

    def av_index_csv(self) -> bytes:
        """音像记录索引 as CSV, UTF-8 with a byte-order mark so that Excel opens the Chinese correctly."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([label for _, label in AV_COLUMNS])
        for entry in self.av_index:
            writer.writerow([_cell(getattr(entry, key)) for key, _ in AV_COLUMNS])
        return buffer.getvalue().encode("utf-8-sig")


def _fields(obj) -> dict:
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}


def _cell(value) -> str:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    return "" if value is None else str(value)


def _local_date(value) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value)
    return value


# Documents in procedure order ---------------------------------------------------------------------


def _ordered_documents(case, documents: list[Document]) -> list[DocumentEntry]:
    """Front matter first, then by the stage each document was drawn up in (procedure order), then issue time."""
    stages = engine.definition(case).get("stages", [])
    order = {s["code"]: i for i, s in enumerate(stages)}
    names = {s["code"]: s.get("name", s["code"]) for s in stages}

    def key(doc):
        code = doc.template.code
        front = FRONT_MATTER.index(code) if code in FRONT_MATTER else len(FRONT_MATTER)
        return front, order.get(doc.stage, len(order)), doc.issued_at, doc.pk

    entries, page = [], 1
    for seq, doc in enumerate(sorted(documents, key=key), start=1):
        count = doc.page_count or 0
        first = last = None
        if doc.template.code not in FRONT_MATTER and count:
            first, last = page, page + count - 1
            page += count
        entries.append(DocumentEntry(
            seq=seq, pk=doc.pk, template=doc.template.code, title=doc.title, number=doc.number,
            issued_at=doc.issued_at, stage=doc.stage, stage_name=names.get(doc.stage, ""), page_count=count,
            first_page=first, last_page=last, sha256=doc.pdf_sha256,
        ))
    return entries


def _contents(documents: list[DocumentEntry], evidence: list[EvidenceEntry]) -> list[ContentsLine]:
    lines = [
        ContentsLine(0, d.title, d.number, _local_date(d.issued_at), d.pages, d.stage_name)
        for d in documents if not d.front_matter
    ]
    for e in evidence:
        remark = "音像记录，见音像记录索引" if e.is_av else "电子证据"
        if e.late:
            remark += f"；逾期上传：{e.late_reason}" if e.late_reason else "；逾期上传"
        lines.append(ContentsLine(0, e.title, "", _local_date(e.captured_from or e.uploaded_at), "", remark))
    return [dataclasses.replace(line, seq=i) for i, line in enumerate(lines, start=1)]


def assemble(case) -> CaseFile:
    """The case file of ``case`` as it stands now: cover, contents, documents, evidence and AV index."""
    document_entries = _ordered_documents(case, list(issued_documents(case)))
    evidence_entries = [EvidenceEntry.numbered(seq, item) for seq, item in enumerate(case_evidence(case), start=1)]
    pages = sum(d.page_count for d in document_entries if not d.front_matter)
    parties = [f"{link.party.name}（{link.party.identifier}）" if link.party.identifier else link.party.name
               for link in case.case_parties.select_related("party")]
    officers = [o.person.name for o in case.case_officers.filter(released_at__isnull=True).select_related("person")]
    cover = Cover(
        agency=case.agency.name, case_number=case.display_number, title=case.title, parties=parties,
        filed_on=case.filed_on, closed_on=case.closed_on, archived_on=_local_date(case.archived_at), officers=officers,
        retention=rules.retention_period(case), volumes=rules.volume_count(pages), pages=pages,
    )
    return CaseFile(
        case=case, cover=cover, documents=document_entries, evidence=evidence_entries,
        contents=_contents(document_entries, evidence_entries),
    )
