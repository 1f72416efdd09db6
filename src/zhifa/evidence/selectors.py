"""Every read of evidence, scoped through the case the user may read (another agency's: 404).

:func:`case_evidence` is the public view of a case's evidence for the case-file and archive
module: plain items with the facts a case file lists, withdrawn items left out.
"""

import datetime
from dataclasses import dataclass

from django.http import Http404

from zhifa.cases.selectors import cases, get_case

from .models import Evidence, Upload

RELATED = ("case", "collector", "device", "uploaded_by", "withdrawn_by")


def evidence(user, case, *, include_withdrawn: bool = True):
    """The evidence of a case already fetched through :func:`zhifa.cases.selectors.get_case`."""
    queryset = Evidence.objects.filter(case=case).select_related(*RELATED)
    if not include_withdrawn:
        queryset = queryset.filter(withdrawn_at__isnull=True)
    return queryset


def case_evidence_for(user, case_pk):
    case = get_case(user, case_pk)
    return case, evidence(user, case)


def get_evidence(user, pk) -> Evidence:
    """An evidence item of a case the user may read, else 404 (its existence is not disclosed)."""
    try:
        return Evidence.objects.select_related(*RELATED).get(pk=pk, case__in=cases(user))
    except (Evidence.DoesNotExist, ValueError, TypeError):
        raise Http404("证据不存在或无权查看") from None


def get_upload(user, upload_id) -> Upload:
    """An upload belongs to its creator alone: anyone else, whatever their role, gets 404."""
    if not user.is_authenticated:
        raise Http404("上传不存在")
    try:
        return Upload.objects.select_related("case", "evidence").get(pk=upload_id, created_by=user)
    except (Upload.DoesNotExist, ValueError, TypeError):
        raise Http404("上传不存在或已过期") from None


@dataclass(frozen=True)
class EvidenceItem:
    """One item as a case file lists it: names, not database rows."""

    pk: int
    title: str
    kind: str
    kind_label: str
    is_av: bool
    sha256: str
    size: int
    content_type: str
    original_name: str
    captured_from: datetime.datetime | None
    captured_to: datetime.datetime | None
    place: str
    collector: str
    object_to_prove: str
    device: str
    uploaded_at: datetime.datetime
    uploaded_by: str
    late: bool
    late_reason: str
    description: str


def item(row: Evidence) -> EvidenceItem:
    return EvidenceItem(
        pk=row.pk, title=row.title, kind=row.kind, kind_label=row.get_kind_display(), is_av=row.is_av,
        sha256=row.sha256, size=row.size, content_type=row.content_type, original_name=row.original_name,
        captured_from=row.captured_from, captured_to=row.captured_to, place=row.place,
        collector=row.collector.name if row.collector_id else "", object_to_prove=row.object_to_prove,
        device=str(row.device) if row.device_id else "", uploaded_at=row.uploaded_at,
        uploaded_by=row.uploaded_by.get_full_name() or row.uploaded_by.get_username(), late=row.late,
        late_reason=row.late_reason, description=row.description,
    )


def case_evidence(case) -> list[EvidenceItem]:
    """The case's evidence in the order it was stored, withdrawn items left out (for the case file, R5)."""
    rows = Evidence.objects.filter(case=case, withdrawn_at__isnull=True).select_related(*RELATED).order_by(
        "uploaded_at", "pk"
    )
    return [item(row) for row in rows]
