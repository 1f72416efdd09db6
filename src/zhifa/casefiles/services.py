"""Case files: archiving (R5) and export as a BagIt bag (R6).

``assemble`` builds the case file; ``archive_case_file`` runs when a case enters its archive stage
(a hook of the cases engine, inside the transition's transaction): it issues the cover and the
table of contents through the documents app (unless they cannot be issued here and now: then the
gap is recorded, the archiving goes on), then fixes the case file's
manifest by digest and journals it. ``export_bag`` is a record access and journalled as such.
"""

import hashlib
import json
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhifa.cases import permissions
from zhifa.cases.models import Case
from zhifa.cases.services import journal
from zhifa.documents.services import DocumentUnavailable, issue_document, template_by_code
from zhifa.ledger.canonical import canonicalize

from .assembly import CONTENTS_TEMPLATE, CONTENTS_TITLE, COVER_TEMPLATE, COVER_TITLE, CaseFile, assemble
from .bag import FORMATS, Bag, BagError, PayloadFile, safe_name
from .models import CaseFileManifest

__all__ = ["assemble", "archive_case_file", "export_bag", "BagError", "FORMATS"]


def _date(value) -> str:
    return f"{value:%Y年%m月%d日}" if value else ""


def cover_fields(case_file: CaseFile) -> dict:
    """The 卷宗封面 template's own fields (the case's facts the template reads from the case itself)."""
    cover = case_file.cover
    start = cover.filed_on or cover.closed_on
    end = cover.archived_on or cover.closed_on
    return {
        "retention": cover.retention, "volumes": str(cover.volumes), "pages": str(cover.pages),
        "period": f"{_date(start)}至{_date(end)}" if start and end else "",
    }


def contents_rows(case_file: CaseFile) -> list[list[str]]:
    """The 卷内目录's rows: 序号, 文件名称, 文号, 日期, 页号 — numbered documents, then the evidence."""
    return [[str(line.seq), line.title, line.number, f"{line.date:%Y-%m-%d}" if line.date else "", line.pages]
            for line in case_file.contents]


def contents_fields(case_file: CaseFile) -> dict:
    """The rows go into the template's one table field, whatever the template names it."""
    fields = template_by_code(CONTENTS_TEMPLATE).fields
    name = next((f["name"] for f in fields if f.get("kind") == "rows"), "entries")
    return {name: contents_rows(case_file)}


def _issue_front_matter(actor, case: Case) -> tuple[list, list[str]]:
    """Issue 卷宗封面 and 卷内目录 through the documents app, unless already issued.

    Like lateness (the ``archived_in_time`` guard), a front matter that cannot be issued — no
    signing certificate or no converter (``DocumentUnavailable``), an actor who may not issue,
    a field the template refuses, nothing on file to list — does not stop the archiving: it is
    recorded in the manifest and the journal, where case-file evaluation (R7) finds it. Each
    attempt is its own savepoint, so a failed one leaves no draft and takes no number.
    Returns the issued documents and the problems, each naming the document and the reason.
    """
    case_file = assemble(case)
    present = {d.template for d in case_file.documents}
    # The documents app locks the case itself: hand it the stored row, not the one the transition is changing.
    stored = Case.objects.get(pk=case.pk)
    issued, problems = [], []
    for code, title, fields in ((COVER_TEMPLATE, COVER_TITLE, cover_fields),
                                (CONTENTS_TEMPLATE, CONTENTS_TITLE, contents_fields)):
        if code in present:
            continue
        if title == CONTENTS_TITLE and not case_file.contents:
            problems.append(f"未生成{title}：卷内没有文书和证据可列")
            continue
        try:
            issued.append(issue_document(actor, stored, code, fields(case_file)))
        except (ValidationError, PermissionDenied, DocumentUnavailable) as exc:
            reason = "；".join(getattr(exc, "messages", None) or [str(exc)])
            problems.append(f"未生成{title}：{reason}")
        stored.refresh_from_db()
    return issued, problems


def archive_case_file(actor, case: Case) -> CaseFileManifest:
    """Archive hook: front matter, then the manifest of every item with its SHA-256, journalled.

    Runs inside the transition's transaction (``on_enter("archive")``), so the case is archived
    exactly when its manifest exists and is in the journal.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("归档必须在案件流转的事务中进行")
    issued, problems = _issue_front_matter(actor, case)
    case_file = assemble(case)
    manifest = {**case_file.manifest(), "problems": problems}
    digest = hashlib.sha256(canonicalize(manifest)).hexdigest()
    record = CaseFileManifest.objects.create(
        case=case, created_by=actor if getattr(actor, "is_authenticated", False) else None,
        retention=case_file.cover.retention, manifest=manifest, sha256=digest,
    )
    journal(actor, case, "casefile.archived", {
        "manifest": record.pk, "manifest_sha256": digest, "retention": case_file.cover.retention,
        "documents": len(case_file.documents), "evidence": len(case_file.evidence), "av": len(case_file.av_index),
        "pages": case_file.cover.pages, "volumes": case_file.cover.volumes,
        "front_matter": [d.number or d.title for d in issued], "problems": problems,
    })
    return record


def latest_manifest(case: Case) -> CaseFileManifest | None:
    return case.casefile_manifests.order_by("-created_at", "-pk").first()


# BagIt export -----------------------------------------------------------------------------------


def _numbered(index: int, total: int) -> str:
    return f"{index:0{max(2, len(str(total)))}d}"


def _evidence_name(entry) -> str:
    name = entry.original_name or entry.title
    if entry.original_name and entry.title and entry.title not in entry.original_name:
        stem, dot, ext = entry.original_name.rpartition(".")
        name = f"{entry.title}.{ext}" if dot and 0 < len(ext) <= 10 else entry.title
    return name


def build_bag(actor, case: Case, case_file: CaseFile | None = None) -> Bag:
    """The bag of a case file: data/documents, data/evidence, casefile.json and av-index.csv."""
    case_file = case_file or assemble(case)
    payload = []
    for entry in case_file.documents:
        number = _numbered(entry.seq, len(case_file.documents))
        payload.append(PayloadFile.from_blob(f"documents/{number}-{safe_name(entry.title)}.pdf", entry.sha256))
    for entry in case_file.evidence:
        number = _numbered(entry.seq, len(case_file.evidence))
        payload.append(PayloadFile.from_blob(f"evidence/{number}-{safe_name(_evidence_name(entry))}", entry.sha256))
    metadata = json.dumps(case_file.as_dict(), ensure_ascii=False, indent=2).encode("utf-8")
    payload.append(PayloadFile.from_bytes("casefile.json", metadata))
    payload.append(PayloadFile.from_bytes("av-index.csv", case_file.av_index_csv()))
    agency = case.agency
    contact = agency.contact_person or actor.get_full_name() or actor.get_username()
    info = [
        ("Source-Organization", agency.name),
        ("Organization-Address", agency.address),
        ("Contact-Name", contact),
        ("Contact-Phone", agency.phone),
        ("Contact-Email", agency.email),
        ("External-Description", f"{case.title} 案卷（{case.get_status_display()}）"),
        ("External-Identifier", case.display_number),
        ("Bagging-Date", timezone.localdate().isoformat()),
        ("Zhifa-Exported-By", actor.get_full_name() or actor.get_username()),
    ]
    archived = latest_manifest(case)
    if archived is not None:
        info.append(("Zhifa-Archive-Manifest-SHA256", archived.sha256))
    return Bag(name=safe_name(case.display_number), payload=payload, info=[(k, v) for k, v in info if v])


@transaction.atomic
def export_bag(actor, case: Case, fmt: str = "zip") -> tuple[Bag, str]:
    """Prepare the bag for download and journal the record access; returns the bag and a file name.

    The payload is checked to be in the store before the journal entry is written, so a failed
    export leaves no record of an access that did not happen.
    """
    if not permissions.can_read(actor, case):
        raise PermissionDenied("无权导出该案卷")
    if fmt not in FORMATS:
        raise ValidationError({"format": f"打包格式只能是 {'、'.join(FORMATS)}，不能是“{fmt}”"})
    case_file = assemble(case)
    bag = build_bag(actor, case, case_file)
    journal(actor, case, "record.accessed", {
        "purpose": "export", "record": "casefile", "format": f"bagit-{fmt}", "payload_oxum": bag.oxum,
        "manifest_sha256": case_file.manifest_sha256(),
    })
    filename = re.sub(r"\s+", "", f"{bag.name}-案卷.{fmt}")
    return bag, filename


# The case register (台账) -------------------------------------------------------------------------


@transaction.atomic
def export_register(actor, **filters) -> bytes:
    """The register as an .xlsx workbook of the actor's agency; the export itself is journalled."""
    from zhifa.cases.selectors import CASE_READERS
    from zhifa.ledger.services import append

    from . import register

    if not (actor.is_authenticated and actor.agency_id and actor.role in CASE_READERS):
        raise PermissionDenied("只有执法主体的工作人员可以导出本机关的案件台账")
    rows = register.register_rows(actor, **filters)
    scope = register.describe_scope(actor, count=len(rows), **filters)
    append("register.exported", actor.agency, actor, actor.agency, {
        "purpose": "export", "record": "case_register", "rows": len(rows),
        "filters": {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in filters.items() if v},
        "cases_sha256": hashlib.sha256("\n".join(row["number"] for row in rows).encode("utf-8")).hexdigest(),
    })
    return register.write_workbook(rows, agency_name=actor.agency.name, scope=scope)
