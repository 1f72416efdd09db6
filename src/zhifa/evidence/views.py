"""Pages: a case's evidence, the phone upload page, one item with its player, the file itself, withdrawal.

Every look at an item and every fetch of its file is a journalled record access (R8), through
:func:`zhifa.evidence.services.record_access`: opening the page is a *view*; the player's Range
requests are one *playback*; ``?download=1`` is a *download* — each once per user and item within
five minutes, so seeking in a video does not write an entry per chunk.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from zhifa.cases import permissions
from zhifa.cases.selectors import get_case
from zhifa.cases.services import CaseReadOnly
from zhifa.ledger import blobs

from . import ranges, selectors, services, storage
from .forms import EvidenceMetadataForm
from .models import EvidenceAccess


@login_required
@require_GET
def case_list(request, case_pk):
    case, items = selectors.case_evidence_for(request.user, case_pk)
    return render(request, "evidence/case_list.html", {
        "case": case, "items": items, "can_upload": permissions.can_handle(request.user, case) and not case.is_read_only,
    })


@login_required
@require_GET
def upload_page(request, case_pk):
    """The phone page: metadata form, camera capture, and the resumable upload done by evidence/tus.js."""
    case = get_case(request.user, case_pk)
    if not permissions.can_handle(request.user, case):
        raise PermissionDenied("只有本案办案人员或本机关负责人可以上传证据")
    initial = {"collector": request.user.person_id} if request.user.person_id else {}
    return render(request, "evidence/upload.html", {
        "case": case, "form": EvidenceMetadataForm(initial=initial, case=case),
        "max_size": storage.max_upload(), "read_only": case.is_read_only,
    })


@login_required
@require_POST
def finish(request, upload_id):
    """Store a complete upload that was refused at the last byte (e.g. a late reason was missing)."""
    upload = selectors.get_upload(request.user, upload_id)
    if upload.completed_at is None:
        return _problem(409, "上传尚未完成")
    changes = {k: v for k, v in request.POST.items() if k in EvidenceMetadataForm.base_fields}
    try:
        evidence = services.store_upload(request.user, upload, changes)
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
        return _problem(400, "；".join(m for ms in errors.values() for m in ms), errors=errors)
    except PermissionDenied as error:
        return _problem(403, str(error) or "您无权进行此操作")
    return JsonResponse({"evidence": evidence.pk, "url": reverse("evidence:detail", args=[evidence.pk])})


def _problem(status, detail, **extra):
    body = {"type": "about:blank", "status": status, "detail": detail, **extra}
    return HttpResponse(json.dumps(body, ensure_ascii=False), status=status,
                        content_type="application/problem+json; charset=utf-8")


@login_required
@require_GET
def detail(request, pk):
    item = selectors.get_evidence(request.user, pk)
    services.record_access(request.user, item, purpose=EvidenceAccess.Purpose.VIEW)
    return render(request, "evidence/detail.html", {
        "item": item, "case": item.case,
        "can_withdraw": permissions.can_handle(request.user, item.case) and not item.case.is_read_only
        and not item.is_withdrawn,
        "accesses": item.accesses.select_related("user")[:20],
        "content_url": reverse("evidence:content", args=[item.pk]),
    })


def serve_content(request, item):
    """The file of ``item`` with Range support; journalled as playback or download."""
    download = request.GET.get("download") == "1"
    purpose = EvidenceAccess.Purpose.DOWNLOAD if download else EvidenceAccess.Purpose.PLAYBACK
    path = blobs.path_of(item.sha256)
    response, served = ranges.serve(
        request, path, size=item.size, content_type=item.content_type, etag=f'"{item.sha256}"',
        filename=item.original_name or item.sha256, attachment=download,
    )
    if response.status_code in (200, 206):
        services.record_access(request.user, item, purpose=purpose, byte_range=served)
    return response


@login_required
@require_GET
def content(request, pk):
    return serve_content(request, selectors.get_evidence(request.user, pk))


@login_required
@require_POST
def withdraw(request, pk):
    item = selectors.get_evidence(request.user, pk)
    try:
        services.withdraw(request.user, item, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except CaseReadOnly as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "证据已撤回，原文件和撤回理由均留存备查")
    return redirect("evidence:detail", pk=item.pk)

