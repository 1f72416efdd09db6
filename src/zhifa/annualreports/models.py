"""统计年报 (P14): an agency's enforcement statistics for a year, drafted, approved, published and reported.

The figures are computed from the records (:mod:`.figures`) each time the draft is regenerated;
reconsideration and litigation outcomes, which arrive from outside the system, are entered by hand.
Approval by the agency head freezes the report and seals its PDF; publication puts page and PDF on
the portal and records the report to the superior department. ``report_year``, ``report_due_on``
and ``published_at`` are what the supervision side reads to warn of a late report.
"""

from django.conf import settings
from django.db import models

# Outcomes entered by hand: (key, label). Reconsideration (行政复议) and litigation (行政诉讼).
MANUAL_FIELDS = [
    ("reconsideration_received", "行政复议：收到申请"),
    ("reconsideration_upheld", "行政复议：维持"),
    ("reconsideration_revoked", "行政复议：撤销"),
    ("reconsideration_altered", "行政复议：变更"),
    ("reconsideration_unlawful", "行政复议：确认违法"),
    ("reconsideration_other", "行政复议：驳回、终止等其他"),
    ("litigation_filed", "行政诉讼：被诉案件"),
    ("litigation_won", "行政诉讼：驳回原告诉讼请求"),
    ("litigation_lost", "行政诉讼：撤销、变更或确认违法"),
    ("litigation_other", "行政诉讼：撤诉、调解等其他"),
]


class AnnualReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        APPROVED = "approved", "已审批"
        PUBLISHED = "published", "已公布"

    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="annual_reports",
                               verbose_name="执法主体")
    report_year = models.PositiveIntegerField("报告年度")
    report_due_on = models.DateField("公布期限", help_text="次年1月31日（或本机关公示规则设定的日期）")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    figures = models.JSONField("统计数据", default=dict, help_text="由系统数据生成")
    manual = models.JSONField("人工填报数据", default=dict, blank=True)
    narrative = models.TextField("工作情况说明", blank=True)
    generated_at = models.DateTimeField("数据生成时间")
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="审批人")
    pdf_sha256 = models.CharField("PDF的SHA-256", max_length=64, blank=True)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name="公布人")
    reported_to = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="received_annual_reports", verbose_name="报送机关")
    reported_at = models.DateTimeField("报送时间", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "行政执法统计年报"
        verbose_name_plural = "行政执法统计年报"
        ordering = ["-report_year", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["agency", "report_year"], name="uniq_annual_report")]

    def __str__(self):
        return f"{self.agency.name}{self.report_year}年度行政执法统计年报"

    @property
    def title(self) -> str:
        return f"{self.report_year}年度行政执法统计年报"

    @property
    def manual_rows(self) -> list[tuple[str, int]]:
        return [(label, (self.manual or {}).get(key, 0)) for key, label in MANUAL_FIELDS]
