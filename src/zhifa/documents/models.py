"""Document templates and the documents of a case (R1, R2, R6; PL Art. 44, 59, 61).

A :class:`Document` is a draft while the officer prepares it (re-rendered from the case, or
replaced by an edited DOCX), then issued once: numbered, converted to PDF, sealed and filed in the
content-addressed blob store. An issued document never changes; a correction is a new revision that
supersedes it, and both stay in the case.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class DocumentTemplate(models.Model):
    """文书模板: one document format, the stages it belongs to and the fields the officer fills in."""

    code = models.SlugField("模板编码", max_length=50, unique=True)
    title = models.CharField("文书名称", max_length=100)
    stages = models.JSONField("适用环节", default=list, help_text="“流程编码:环节编码”列表，如 penalty_general:decision")
    fields = models.JSONField("填写项", default=list, help_text="执法人员填写的字段：name、label、kind、required")
    case_data = models.JSONField("所需案件信息", default=list, blank=True)
    number_kind = models.CharField("文号类别", max_length=10, blank=True, help_text="如“罚”；为空的文书不编文号，只注明案件编号")
    source = models.CharField("模板文件", max_length=100, help_text="随系统提供的 DOCX 模板文件名")
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        ordering = ["pk"]

    def __str__(self):
        return self.title

    def belongs_to(self, procedure_code: str, stage_code: str) -> bool:
        return f"{procedure_code}:{stage_code}" in self.stages

    def field(self, name: str) -> dict | None:
        return next((f for f in self.fields if f["name"] == name), None)


class Document(models.Model):
    """执法文书: a draft, then an issued (sealed, numbered) PDF that never changes."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        ISSUED = "issued", "已签发"
        SUPERSEDED = "superseded", "已被更正"

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="documents", verbose_name="案件")
    template = models.ForeignKey(DocumentTemplate, on_delete=models.PROTECT, related_name="documents", verbose_name="模板")
    title = models.CharField("文书名称", max_length=100)
    stage = models.CharField("制作环节", max_length=50)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    fields = models.JSONField("填写内容", default=dict, blank=True)
    draft_sha256 = models.CharField("草稿DOCX的SHA-256", max_length=64)
    draft_uploaded = models.BooleanField("草稿为上传的修改稿", default=False)
    revision = models.PositiveIntegerField("版本", default=1)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by", verbose_name="更正的文书"
    )
    correction_reason = models.TextField("更正理由", blank=True)
    number = models.CharField("文书编号", max_length=100, blank=True)
    pdf_sha256 = models.CharField("签发PDF的SHA-256", max_length=64, blank=True)
    page_count = models.PositiveIntegerField("页数", null=True, blank=True)
    signed = models.OneToOneField(
        "signing.SignedDocument", on_delete=models.PROTECT, null=True, blank=True, related_name="case_document",
        verbose_name="电子签章记录",
    )
    issued_at = models.DateTimeField("签发时间", null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="签发人"
    )
    superseded_at = models.DateTimeField("被更正时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="制作人")
    created_at = models.DateTimeField("制作时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "执法文书"
        verbose_name_plural = "执法文书"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "status"], name="document_case_status")]

    def __str__(self):
        return f"{self.title}（{self.number}）" if self.number else self.title

    # Immutability (R6): once issued, only the move to "superseded" may touch the row.

    SUPERSEDE_FIELDS = frozenset({"status", "superseded_at", "updated_at"})

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = Document.objects.filter(pk=self.pk).values("status").first()
            if stored and stored["status"] == self.Status.SUPERSEDED:
                raise ValidationError("已被更正的文书不能再修改")
            if stored and stored["status"] == self.Status.ISSUED:
                update_fields = set(kwargs.get("update_fields") or ())
                if not (self.status == self.Status.SUPERSEDED and update_fields and update_fields <= self.SUPERSEDE_FIELDS):
                    raise ValidationError("已签发的文书不能修改；如有错误，请制作更正版本")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_issued:
            raise ValidationError("已签发的文书不能删除")
        return super().delete(*args, **kwargs)

    @property
    def is_issued(self) -> bool:
        return self.status in {self.Status.ISSUED, self.Status.SUPERSEDED}
