"""The ``av_attached`` transition guard (R3, R4): a stage the AV-required list marks "required" is left
only with an audio or video record of that stay.

The list is :func:`zhifa.catalog.selectors.av_mode` for the case's agency, procedure and the stage
being left; a record counts when it was added during the stay, or captured during it and added
since, and has not been withdrawn.
"""

from django.db.models import Q
from django.utils import timezone

from zhifa.catalog import guards
from zhifa.catalog.models import AvMode
from zhifa.catalog.selectors import av_mode

from .models import AV_KINDS, Evidence


@guards.implements("av_attached")
def av_attached(case, **context):
    mode = av_mode(case.agency, case.procedure_code, case.stage)
    if mode != AvMode.REQUIRED:
        return True, ""
    since = case.stage_entered_at
    records = Evidence.objects.filter(case=case, kind__in=AV_KINDS, withdrawn_at__isnull=True).filter(
        Q(uploaded_at__gte=since) | Q(captured_to__gte=since)
    )
    if records.exists():
        return True, ""
    return False, (
        f"音像记录事项清单要求“{case.stage_name}”环节全程音像记录，"
        f"本次进入该环节（{timezone.localtime(since):%Y-%m-%d %H:%M}）以来尚未上传该环节的录音或视频"
    )
