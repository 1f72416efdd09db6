"""Evidence and audio/video records of a case, and the resumable uploads that bring them in (R3, R4, R8).

An :class:`Evidence` exists only once its file is complete and stored in the content-addressed
blob store under its SHA-256; it is never edited or deleted afterwards (a wrong item is
*withdrawn* with a reason and stays on file). An :class:`Upload` is the tus resource that
receives the bytes; it never counts as evidence, and an unfinished one expires.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

AV_KINDS = ("audio", "video")
LATE_AFTER_HOURS = 24  # R3: an AV record is stored in the system within 24 hours of capture


class Evidence(models.Model):
    """证据: one stored file of a case, with the facts an AV record must carry (R3)."""

    class Kind(models.TextChoices):
        PHOTO = "photo", "照片"
        SCAN = "scan", "书证扫描件"
        PDF = "pdf", "电子文件"
        AUDIO = "audio", "录音"
        VIDEO = "video", "视频"
        OTHER = "other", "其他"

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="evidence", verbose_name="案件")
    kind = models.CharField("证据类别", max_length=10, choices=Kind.choices)
    title = models.CharField("证据名称", max_length=200)
    description = models.TextField("证据说明", blank=True)
    original_name = models.CharField("原始文件名", max_length=255)
    content_type = models.CharField("文件类型", max_length=100, help_text="按文件内容识别，而非上传者声明")
    size = models.BigIntegerField("文件大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    stage = models.CharField("上传时所在环节", max_length=50)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人")
    uploaded_at = models.DateTimeField("上传时间")
    # R3: what every AV record carries besides the case number.
    captured_from = models.DateTimeField("采集开始时间", null=True, blank=True)
    captured_to = models.DateTimeField("采集结束时间", null=True, blank=True)
    place = models.CharField("采集地点", max_length=200, blank=True)
    collector = models.ForeignKey(
        "organizations.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="采集人"
    )
    object_to_prove = models.TextField("证明对象", blank=True)
    device = models.ForeignKey(
        "organizations.Device", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="采集设备"
    )
    late = models.BooleanField("超过24小时上传", default=False)
    late_reason = models.TextField("迟延上传原因", blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="撤回人"
    )
    withdrawn_reason = models.TextField("撤回理由", blank=True)

    # The only fields that change after storing: the withdrawal.
    MUTABLE = frozenset({"withdrawn_at", "withdrawn_by", "withdrawn_reason"})

    class Meta:
        verbose_name = "证据"
        verbose_name_plural = "证据"
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["case", "kind"], name="evidence_case_kind")]

    def __str__(self):
        return self.title

    def save(self, *args, update_fields=None, **kwargs):
        """Stored evidence is immutable: only the withdrawal may be written after the first save."""
        if self.pk is not None and not self._state.adding:
            if update_fields is None or not set(update_fields) <= self.MUTABLE:
                raise ValidationError("证据一经存储不得修改；如有错误，请撤回并说明理由")
        super().save(*args, update_fields=update_fields, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("证据一经存储不得删除；如有错误，请撤回并说明理由")

    @property
    def is_av(self) -> bool:
        return self.kind in AV_KINDS

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class EvidenceAccess(models.Model):
    """One journalled access to an evidence file (R8); also what de-duplicates playback's many Range requests."""

    class Purpose(models.TextChoices):
        VIEW = "view", "查看"
        PLAYBACK = "playback", "播放"
        DOWNLOAD = "download", "下载"

    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="accesses", verbose_name="证据")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="调阅人")
    purpose = models.CharField("用途", max_length=10, choices=Purpose.choices)
    byte_range = models.CharField("读取范围", max_length=100, blank=True)
    at = models.DateTimeField("调阅时间")
    journal_sequence = models.BigIntegerField("日志序号")

    class Meta:
        verbose_name = "证据调阅"
        verbose_name_plural = "证据调阅"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["evidence", "user", "purpose", "at"], name="evidence_access_recent")]

    def __str__(self):
        return f"{self.user} {self.get_purpose_display()} {self.evidence}"


class Upload(models.Model):
    """A tus upload: bytes arrive in a partial file; the record belongs to its creator alone."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+", verbose_name="案件")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="上传人")
    length = models.BigIntegerField("文件大小（字节）")
    offset = models.BigIntegerField("已接收（字节）", default=0)
    metadata = models.JSONField("证据信息", default=dict)
    content_type = models.CharField("识别出的文件类型", max_length=100, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    created_at = models.DateTimeField("开始时间", auto_now_add=True)
    expires_at = models.DateTimeField("过期时间")
    completed_at = models.DateTimeField("接收完成时间", null=True, blank=True)
    evidence = models.OneToOneField(
        Evidence, on_delete=models.PROTECT, null=True, blank=True, related_name="upload", verbose_name="证据"
    )
    error = models.TextField("未能入库的原因", blank=True)

    class Meta:
        verbose_name = "上传"
        verbose_name_plural = "上传"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.metadata.get('filename', '')} {self.offset}/{self.length}"

    @property
    def is_complete(self) -> bool:
        return self.offset == self.length and self.completed_at is not None
