"""Complaints and reports from the public (投诉举报, P11) and the throttle that keeps the form usable.

A complaint gets a gap-free tracking number from its agency's series and a secret query code; the
complainant looks its progress up with both. The agency registers it as a lead (``cases.Lead``, whose
``reference`` is the tracking number), refuses it with a reason, or answers it. The complainant's
name and phone never leave the agency: the portal shows the progress only.
"""

from django.conf import settings
from django.db import models


class Complaint(models.Model):
    class Kind(models.TextChoices):
        COMPLAINT = "complaint", "投诉"
        REPORT = "report", "举报"

    class Status(models.TextChoices):
        RECEIVED = "received", "已收到，待受理"
        REGISTERED = "registered", "已受理，正在核查"
        REJECTED = "rejected", "不予受理"
        ANSWERED = "answered", "已办结"

    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="complaints",
                               verbose_name="受理机关")
    number = models.CharField("投诉举报编号", max_length=60, unique=True)
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    subject = models.CharField("被投诉举报对象", max_length=200)
    content = models.TextField("投诉举报内容")
    name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.RECEIVED)
    received_at = models.DateTimeField("收到时间")
    acceptance_due_on = models.DateField("受理期限届满日")
    query_code_sha256 = models.CharField("查询码摘要", max_length=64)
    source_sha256 = models.CharField("来源摘要", max_length=64, help_text="提交地址的摘要，只用于限制频率")
    lead = models.OneToOneField("cases.Lead", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="complaint", verbose_name="案源")
    decided_at = models.DateTimeField("受理决定时间", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name="受理人")
    rejection_reason = models.TextField("不予受理理由", blank=True)
    answer = models.TextField("答复", blank=True)
    answered_at = models.DateTimeField("办结时间", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "投诉举报"
        verbose_name_plural = "投诉举报"
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["agency", "status", "acceptance_due_on"], name="complaint_agency_status")]

    def __str__(self):
        return self.number


class Attempt(models.Model):
    """One use of a public form by a source (hashed address): filing, looking up, a spent human check."""

    kind = models.CharField("类别", max_length=20)
    source_sha256 = models.CharField("来源摘要", max_length=64)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "公开表单使用记录"
        verbose_name_plural = "公开表单使用记录"
        indexes = [models.Index(fields=["kind", "source_sha256", "at"], name="attempt_kind_source_at")]

    def __str__(self):
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"
