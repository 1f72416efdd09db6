from django.conf import settings
from django.db import models


class JournalEntry(models.Model):
    """One event of the record journal: a leaf of the Merkle tree (R6). Never updated, never deleted."""

    sequence = models.BigIntegerField("序号", unique=True)
    recorded_at = models.DateTimeField("记录时间")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="操作人"
    )
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    agency = models.ForeignKey(
        "organizations.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="执法主体"
    )
    subject_type = models.CharField("对象类型", max_length=50)
    subject_id = models.CharField("对象标识", max_length=64)
    kind = models.CharField("事件类型", max_length=60, db_index=True)
    payload = models.TextField("内容（规范化JSON）")
    leaf_hash = models.BinaryField("叶哈希", max_length=32)

    class Meta:
        verbose_name = "日志条目"
        verbose_name_plural = "日志条目"
        ordering = ["sequence"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="journal_subject_idx")]

    def __str__(self):
        return f"#{self.sequence} {self.kind} {self.subject_type}:{self.subject_id}"
