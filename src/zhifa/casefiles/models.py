"""The archived case file's manifest (R5, R6).

When a case is archived its case file is frozen: every item — each issued document's PDF and each
piece of evidence — is listed with its SHA-256, and the list's own SHA-256 is journalled. Anyone
holding the export can recompute it; nobody can later swap a file without the digest changing.
"""

from django.conf import settings
from django.db import models


class CaseFileManifest(models.Model):
    """案卷清单: what the case file held when the case was archived, fixed by digest."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="casefile_manifests", verbose_name="案件")
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="归档人"
    )
    retention = models.CharField("保管期限", max_length=20)
    manifest = models.JSONField("清单内容")
    sha256 = models.CharField("清单摘要（SHA-256）", max_length=64)

    class Meta:
        verbose_name = "案卷清单"
        verbose_name_plural = "案卷清单"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.case} 案卷清单"
