"""Every change to evidence: start an upload, receive its bytes, store it as evidence, withdraw it, log reads.

An upload becomes evidence only when its last byte is in: the file is moved into the
content-addressed blob store under its SHA-256 first, and then, in one transaction, the case is
locked (an archived case refuses), permission and the AV facts are checked again, the
:class:`~.models.Evidence` row is written and ``evidence.added`` is journalled with the digest.
"""

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhifa.cases import permissions
from zhifa.cases.services import CaseReadOnly, journal, lock, require, touch

from . import storage
from .forms import EvidenceMetadataForm
from .models import AV_KINDS, LATE_AFTER_HOURS, Evidence, EvidenceAccess, Upload

ACCESS_DEDUP = datetime.timedelta(minutes=5)
"""R8: one playback fetches a file in many Range requests; one user's reads of one item within
this window are one journal entry per purpose (view, playback, download)."""

CLOCK_SKEW = datetime.timedelta(minutes=5)


class UploadError(Exception):
    """A refusal the tus endpoint answers with ``status`` and a Chinese ``message``."""

    status = 400

    def __init__(self, message, **headers):
        super().__init__(message)
        self.message = message
        self.headers = headers


class TooLarge(UploadError):
    status = 413


class OffsetMismatch(UploadError):
    status = 409


class ChecksumMismatch(UploadError):
    status = 460


class ContentRefused(UploadError):
    status = 415


class Locked(UploadError):
    status = 423


class StorageFailed(UploadError):
    status = 507


def upload_expiry() -> datetime.timedelta:
    return datetime.timedelta(hours=int(getattr(settings, "EVIDENCE_UPLOAD_EXPIRY_HOURS", 24)))


def _size_label(size: int) -> str:
    return f"{size / 1024**3:.2f} GiB" if size >= 1024**3 else f"{size / 1024**2:.1f} MiB"


# What the metadata must say -----------------------------------------------------------------------


def kind_for(content_type: str) -> str:
    fam = storage.family(content_type)
    if fam == "image":
        return Evidence.Kind.PHOTO
    if fam == "av":
        return Evidence.Kind.VIDEO if content_type.startswith("video/") else Evidence.Kind.AUDIO
    if fam == "pdf":
        return Evidence.Kind.PDF
    return Evidence.Kind.OTHER


ALLOWED_FAMILIES = {
    Evidence.Kind.PHOTO: {"image"}, Evidence.Kind.SCAN: {"image", "pdf"}, Evidence.Kind.PDF: {"pdf"},
    Evidence.Kind.AUDIO: {"av"}, Evidence.Kind.VIDEO: {"av"},
}


def kind_problem(kind: str, content_type: str) -> str | None:
    allowed = ALLOWED_FAMILIES.get(kind)
    if allowed and content_type and storage.family(content_type) not in allowed:
        return f"证据类别为“{Evidence.Kind(kind).label}”，但文件类型为{content_type}，两者不符"
    return None


def clean_metadata(case, metadata: dict, *, content_type: str, at: datetime.datetime) -> dict:
    """The evidence fields from the upload's metadata, checked as of ``at``; ``ValidationError`` by field.

    ``content_type`` is what the uploader declared (at creation) or what the bytes are (when
    storing). An audio or video record must carry capture time, place, collector and the object
    to be proved (R3); one stored more than 24 hours after capture ends is late and needs a reason.
    """
    data = {k: v for k, v in metadata.items() if k in EvidenceMetadataForm.base_fields}
    if not data.get("title"):
        data["title"] = metadata.get("filename", "")[:200]
    form = EvidenceMetadataForm(data, case=case)
    if not form.is_valid():
        raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
    cleaned = dict(form.cleaned_data)
    errors = {}
    kind = cleaned.get("kind") or kind_for(content_type)
    cleaned["kind"] = kind
    problem = kind_problem(kind, content_type)
    if problem:
        errors["kind"] = problem
    start, end = cleaned.get("captured_from"), cleaned.get("captured_to")
    if kind in AV_KINDS:
        for name in ("captured_from", "captured_to", "place", "collector", "object_to_prove"):
            if not cleaned.get(name):
                label = EvidenceMetadataForm.base_fields[name].label
                errors[name] = f"录音、视频必须载明{label}（R3：音像记录应载明时间、地点、采集人和证明对象）"
    if start and end and start > end:
        errors["captured_to"] = "采集结束时间不能早于采集开始时间"
    if end and end > at + CLOCK_SKEW:
        errors["captured_to"] = "采集结束时间不能晚于当前时间"
    late = bool(end and at - end > datetime.timedelta(hours=LATE_AFTER_HOURS))
    cleaned["late_reason"] = (cleaned.get("late_reason") or "").strip()
    if late and not cleaned["late_reason"]:
        errors["late_reason"] = (
            f"采集结束于{timezone.localtime(end):%Y-%m-%d %H:%M}，已超过{LATE_AFTER_HOURS}小时才上传，"
            "必须填写迟延上传原因（late_reason）"
        )
    if errors:
        raise ValidationError(errors)
    cleaned["late"] = late
    return cleaned


def _check_case(actor, case):
    require(permissions.can_handle(actor, case), "只有本案办案人员或本机关负责人可以上传证据")
    if case.is_read_only:
        raise CaseReadOnly(f"案件已{case.get_status_display()}，不能再上传证据")


# The upload -------------------------------------------------------------------------------------------


def start_upload(actor, case, *, length: int, metadata: dict) -> Upload:
    """tus creation: check the case, the size and the evidence facts before a single byte is sent."""
    _check_case(actor, case)
    if length <= 0:
        raise ValidationError({"Upload-Length": "文件为空：Upload-Length 必须为正整数"})
    limit = storage.max_upload()
    if length > limit:
        raise TooLarge(f"文件大小{_size_label(length)}超过上限{_size_label(limit)}")
    filename = metadata.get("filename", "")
    if not filename:
        raise ValidationError({"filename": "必须在 Upload-Metadata 中提供原始文件名（filename）"})
    problem = storage.content_problem(filename, metadata.get("filetype", ""), "")
    if problem and "可执行" in problem:
        raise ContentRefused(problem)
    declared = storage.declared_type(filename, metadata.get("filetype", ""))
    clean_metadata(case, metadata, content_type=declared, at=timezone.now())
    upload = Upload.objects.create(
        case=case, created_by=actor, length=length, metadata=metadata, expires_at=timezone.now() + upload_expiry()
    )
    storage.create_partial(upload.pk)
    return upload


def _discard(upload):
    storage.digests.forget(upload.pk)
    storage.remove_partial(upload.pk)
    Upload.objects.filter(pk=upload.pk).delete()


def receive(actor, upload: Upload, body, *, offset: int, content_length: int | None,
            checksum: tuple[str, bytes] | None = None) -> Upload:
    """tus PATCH: append the request body at ``offset``, streamed in chunks and hashed on the way.

    Bytes received before a dropped connection are kept (the client resumes from them). More bytes
    than the upload's length, or a chunk whose ``Upload-Checksum`` does not match, are rolled back
    whole. Once the head of the file is in, its bytes decide its type: an executable, or a file
    whose name or declared type its bytes contradict, is refused and discarded. The last byte
    stores the file and creates the evidence (:func:`store_upload`).
    """
    if upload.completed_at is not None:
        if offset != upload.length:
            raise OffsetMismatch(f"上传已完成，Upload-Offset 应为 {upload.length}", offset=upload.length)
        if content_length:
            raise TooLarge("上传已完成，不能再追加数据")
        return upload
    if content_length is not None and offset + content_length > upload.length:
        raise TooLarge(f"本次数据将使文件超过声明的大小 {upload.length} 字节")
    try:
        part = storage.PartialFile(upload.pk).__enter__()
    except storage.Busy:
        raise Locked("该上传正在由另一请求写入，请稍后重试") from None
    except FileNotFoundError:
        raise UploadError("上传数据已丢失，请重新上传") from None
    completed = False
    try:
        current = part.size
        if offset != current:
            raise OffsetMismatch(f"Upload-Offset 为 {offset}，服务器已接收 {current} 字节", offset=current)
        hasher = storage.digests.take(upload.pk, current, part.path)
        before = hasher.copy()
        check = hashlib.new(checksum[0], usedforsecurity=False) if checksum else None
        part.handle.seek(current)
        received, allowed = 0, upload.length - current
        try:
            while True:
                want = storage.CHUNK if content_length is None else min(storage.CHUNK, content_length - received)
                if want <= 0:
                    break
                try:
                    chunk = body.read(want)
                except OSError:
                    break  # the client went away: keep what arrived
                if not chunk:
                    break
                if received + len(chunk) > allowed:
                    raise TooLarge(f"收到的数据超过声明的大小 {upload.length} 字节")
                try:
                    part.handle.write(chunk)
                except OSError as error:
                    raise StorageFailed(f"写入失败：{error.strerror or error}") from error
                hasher.update(chunk)
                if check is not None:
                    check.update(chunk)
                received += len(chunk)
            part.handle.flush()
            if check is not None and check.digest() != checksum[1]:
                raise ChecksumMismatch(f"本次数据的 {checksum[0]} 校验值与 Upload-Checksum 不符，已丢弃")
        except UploadError:
            part.truncate(current)
            storage.digests.keep(upload.pk, current, before)
            raise
        offset = current + received
        storage.digests.keep(upload.pk, offset, hasher)
        now = timezone.now()
        if not upload.content_type and offset >= min(upload.length, storage.SNIFF_BYTES):
            sniffed = storage.sniff(storage.read_head(part.path))
            meta = upload.metadata
            problem = storage.content_problem(meta.get("filename", ""), meta.get("filetype", ""), sniffed)
            problem = problem or (kind_problem(meta["kind"], sniffed) if meta.get("kind") else None)
            if problem:
                _discard(upload)
                raise ContentRefused(problem)
            upload.content_type = sniffed or "application/octet-stream"
        upload.offset = offset
        upload.expires_at = now + upload_expiry()
        if offset == upload.length:
            upload.sha256 = storage.store(upload.pk, hasher.hexdigest())
            upload.completed_at = now
            storage.digests.forget(upload.pk)
            completed = True
        Upload.objects.filter(pk=upload.pk).update(
            offset=upload.offset, content_type=upload.content_type, expires_at=upload.expires_at,
            sha256=upload.sha256, completed_at=upload.completed_at,
        )
    finally:
        part.__exit__(None, None, None)
    if completed:
        store_upload(actor, upload)
    return upload


def store_upload(actor, upload: Upload, changes: dict | None = None) -> Evidence:
    """Turn a complete upload into evidence; a refusal is kept on the upload so it can be finished later.

    ``changes`` amends the metadata (e.g. a late reason the officer adds when asked).
    """
    if upload.evidence_id:
        return upload.evidence
    if changes:
        upload.metadata = {**upload.metadata, **{k: v for k, v in changes.items() if v is not None}}
    try:
        evidence = _create_evidence(actor, upload)
    except (ValidationError, PermissionDenied) as error:
        upload.error = _message(error)
        Upload.objects.filter(pk=upload.pk).update(error=upload.error, metadata=upload.metadata)
        raise
    return evidence


def _message(error) -> str:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return "；".join(f"{m}" for errors in error.message_dict.values() for m in errors)
        return "；".join(error.messages)
    return str(error)


@transaction.atomic
def _create_evidence(actor, upload: Upload) -> Evidence:
    case = lock(upload.case)
    _check_case(actor, case)
    if not upload.sha256 or upload.completed_at is None:
        raise ValidationError("上传尚未完成，不能作为证据")
    now = timezone.now()
    cleaned = clean_metadata(case, upload.metadata, content_type=upload.content_type, at=now)
    evidence = Evidence.objects.create(
        case=case, kind=cleaned["kind"], title=cleaned["title"], description=cleaned.get("description") or "",
        original_name=upload.metadata.get("filename", "")[:255], content_type=upload.content_type,
        size=upload.length, sha256=upload.sha256, stage=case.stage, uploaded_by=actor, uploaded_at=now,
        captured_from=cleaned.get("captured_from"), captured_to=cleaned.get("captured_to"),
        place=cleaned.get("place") or "", collector=cleaned.get("collector"),
        object_to_prove=cleaned.get("object_to_prove") or "", device=cleaned.get("device"),
        late=cleaned["late"], late_reason=cleaned["late_reason"],
    )
    Upload.objects.filter(pk=upload.pk).update(evidence=evidence, error="", metadata=upload.metadata)
    upload.evidence, upload.error = evidence, ""
    journal(actor, case, "evidence.added", _payload(evidence))
    touch(case)
    return evidence


def _iso(value):
    return value.isoformat() if value else None


def _payload(evidence: Evidence) -> dict:
    return {
        "evidence": evidence.pk, "kind": evidence.kind, "title": evidence.title,
        "original_name": evidence.original_name, "content_type": evidence.content_type, "size": evidence.size,
        "sha256": evidence.sha256, "stage": evidence.stage, "captured_from": _iso(evidence.captured_from),
        "captured_to": _iso(evidence.captured_to), "place": evidence.place,
        "collector": evidence.collector.name if evidence.collector_id else None,
        "collector_id": evidence.collector_id, "object_to_prove": evidence.object_to_prove,
        "device": str(evidence.device) if evidence.device_id else None, "late": evidence.late,
        "late_reason": evidence.late_reason,
    }


def terminate(actor, upload: Upload):
    """tus termination: an unfinished upload and its bytes are gone; finished ones are evidence already."""
    if upload.evidence_id:
        raise PermissionDenied("该上传已成为证据，不能删除；如有错误，请撤回证据并说明理由")
    part = storage.PartialFile(upload.pk)
    try:
        part.__enter__()
    except storage.Busy:
        raise Locked("该上传正在写入，请稍后再终止") from None
    except FileNotFoundError:
        part = None
    try:
        _discard(upload)
    finally:
        if part is not None:
            part.__exit__(None, None, None)


def expire_uploads(now=None) -> int:
    """Remove unfinished uploads idle past their expiry, and partial files nobody owns; returns how many."""
    now = now or timezone.now()
    stale = list(Upload.objects.filter(evidence__isnull=True, expires_at__lt=now))
    for upload in stale:
        storage.digests.forget(upload.pk)
        storage.remove_partial(upload.pk)
    Upload.objects.filter(pk__in=[u.pk for u in stale]).delete()
    known = {str(pk) for pk in Upload.objects.values_list("pk", flat=True)}
    cutoff = (now - upload_expiry()).timestamp()
    orphans = 0
    for path in storage.upload_dir().glob("*.part"):
        if path.stem not in known and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            orphans += 1
    return len(stale) + orphans


# After storing --------------------------------------------------------------------------------------


@transaction.atomic
def withdraw(actor, evidence: Evidence, *, reason: str) -> Evidence:
    """A wrong item is withdrawn, never deleted: it stays on file with who, when and why (journalled)."""
    case = lock(evidence.case)
    require(permissions.can_handle(actor, case), "只有本案办案人员或本机关负责人可以撤回证据")
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    if evidence.is_withdrawn:
        raise ValidationError({"reason": "该证据已撤回"})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "撤回证据必须说明理由"})
    evidence.withdrawn_at, evidence.withdrawn_by, evidence.withdrawn_reason = timezone.now(), actor, reason
    evidence.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
    journal(actor, case, "evidence.withdrawn", {"evidence": evidence.pk, "title": evidence.title,
                                               "sha256": evidence.sha256, "reason": reason})
    touch(case)
    return evidence


@transaction.atomic
def record_access(actor, evidence: Evidence, *, purpose: str, byte_range: str = "") -> EvidenceAccess | None:
    """R8: journal a read of an evidence file (``record.accessed``), once per user, item and purpose per window."""
    now = timezone.now()
    if EvidenceAccess.objects.filter(evidence=evidence, user=actor, purpose=purpose, at__gte=now - ACCESS_DEDUP).exists():
        return None
    entry = journal(actor, evidence.case, "record.accessed", {
        "record": "evidence", "evidence": evidence.pk, "title": evidence.title, "sha256": evidence.sha256,
        "purpose": purpose, "range": byte_range,
    })
    return EvidenceAccess.objects.create(
        evidence=evidence, user=actor, purpose=purpose, byte_range=byte_range[:100], at=now,
        journal_sequence=entry.sequence,
    )
