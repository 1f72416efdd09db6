"""Supervision by the justice bureau (I1, I5, R7, R8, O3, O4).

Warnings (预警) are computed from the records by the rules in :mod:`.rules`; a warning row is the
open problem with its level and escalation, cleared when the records no longer show it. Record
accesses (调阅) are the supervisors' reasoned reads of an agency's case. Case-file evaluation
(案卷评查) samples closed cases at random with a recorded seed and scores them on a weighted
checklist. Notices (通报) and evaluation findings open rectifications (整改) tracked to completion.
Implementation tasks are the manual part of the three-systems plan (O4).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class Level(models.TextChoices):
    YELLOW = "yellow", "黄色预警"
    RED = "red", "红色预警"


class Escalation(models.IntegerChoices):
    """Who a warning has reached: each level adds the next tier to those already told."""

    OFFICER = 1, "承办人员"
    DEPT_HEAD = 2, "承办机构负责人"
    AGENCY_HEAD = 3, "机关负责人"
    SUPERVISOR = 4, "执法监督机构"


class RuleSetting(models.Model):
    """A jurisdiction's setting of one warning rule; a rule without a row runs on its defaults."""

    rule = models.CharField("预警规则", max_length=40, unique=True)
    enabled = models.BooleanField("启用", default=True)
    lead_days = models.PositiveSmallIntegerField("提前预警天数", help_text="期限届满前多少天（按规则的计算方式）亮黄灯")
    grace_days = models.PositiveSmallIntegerField("整改期限（日）", default=30,
                                                  help_text="无法定期限的情形（如审核人员比例不足）：发现后多少日内整改，逾期亮红灯")
    to_agency_head_after = models.PositiveSmallIntegerField("超期几个工作日报机关负责人", default=3)
    to_supervisor_after = models.PositiveSmallIntegerField("超期几个工作日报执法监督机构", default=10)
    email = models.BooleanField("发送电子邮件", default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name="更新人")

    class Meta:
        verbose_name = "预警规则设置"
        verbose_name_plural = "预警规则设置"
        ordering = ["rule"]

    def __str__(self):
        return self.rule

    def clean(self):
        if self.to_supervisor_after < self.to_agency_head_after:
            raise ValidationError({"to_supervisor_after": "报执法监督机构的超期天数不能少于报机关负责人的超期天数"})


class ScanState(models.Model):
    """The single row every warning update locks (one writer at a time) and the last full scan."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_full_scan_at = models.DateTimeField("最近一次全面扫描", null=True, blank=True)
    last_full_scan_seconds = models.FloatField("全面扫描用时（秒）", null=True, blank=True)

    class Meta:
        verbose_name = "预警扫描状态"
        verbose_name_plural = "预警扫描状态"

    def __str__(self):
        return f"预警扫描 {self.last_full_scan_at}"


class Warning(models.Model):
    """预警: one open problem found by a rule, de-duplicated by ``key`` while it stays open (I5)."""

    rule = models.CharField("预警规则", max_length=40)
    key = models.CharField("去重键", max_length=120)
    level = models.CharField("级别", max_length=6, choices=Level.choices)
    escalation = models.PositiveSmallIntegerField("已报送至", choices=Escalation.choices, default=Escalation.OFFICER)
    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="执法主体")
    department = models.ForeignKey("organizations.Department", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="承办机构")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="warnings",
                             verbose_name="案件")
    person = models.ForeignKey("organizations.Person", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name="人员")
    subject_type = models.CharField("对象类型", max_length=20)
    subject_id = models.CharField("对象标识", max_length=64)
    title = models.CharField("事项", max_length=200)
    message = models.TextField("预警内容")
    due_on = models.DateField("期限", null=True, blank=True)
    due_at = models.DateTimeField("期限（时刻）", null=True, blank=True)
    due_confirmed = models.BooleanField("期限已按法定节假日确认", default=True)
    raised_at = models.DateTimeField("发出时间")
    red_since = models.DateTimeField("转为红色时间", null=True, blank=True)
    escalated_at = models.DateTimeField("最近升级时间", null=True, blank=True)
    checked_at = models.DateTimeField("最近核查时间")
    cleared_at = models.DateTimeField("解除时间", null=True, blank=True)
    clear_reason = models.CharField("解除原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "预警"
        verbose_name_plural = "预警"
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=models.Q(cleared_at__isnull=True),
                                    name="one_open_warning_per_key"),
        ]
        indexes = [
            models.Index(fields=["agency", "cleared_at"], name="warning_agency_open"),
            models.Index(fields=["rule", "level"], name="warning_rule_level"),
        ]

    def __str__(self):
        return f"{self.get_level_display()} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.cleared_at is None


class Notification(models.Model):
    """What the workbench shows a user (and mails, when configured): a warning reaching them, a notice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supervision_notifications",
                             verbose_name="接收人")
    warning = models.ForeignKey(Warning, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications",
                                verbose_name="预警")
    key = models.CharField("去重键", max_length=160)
    text = models.CharField("内容", max_length=300)
    link = models.CharField("链接", max_length=200, blank=True)
    created_at = models.DateTimeField("时间")
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_notification_per_user_key")]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self):
        return self.text


class RecordAccess(models.Model):
    """调阅 (R8): a supervisor's read of one case, opened with a reason for a limited time, journalled."""

    class Purpose(models.TextChoices):
        WARNING = "warning", "预警核查"
        EVALUATION = "evaluation", "案卷评查"
        COMPLAINT = "complaint", "投诉举报核查"
        INSPECTION = "inspection", "专项监督检查"
        OTHER = "other", "其他"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="调阅人")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="supervised_accesses", verbose_name="案件")
    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="执法主体")
    purpose = models.CharField("调阅事由", max_length=12, choices=Purpose.choices)
    reason = models.TextField("调阅理由")
    warning = models.ForeignKey(Warning, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name="相关预警")
    opened_at = models.DateTimeField("调阅时间")
    expires_at = models.DateTimeField("有效至")
    journal_sequence = models.BigIntegerField("日志序号")

    class Meta:
        verbose_name = "监督调阅"
        verbose_name_plural = "监督调阅"
        ordering = ["-opened_at", "-pk"]
        indexes = [models.Index(fields=["user", "expires_at"], name="access_user_expires")]

    def __str__(self):
        return f"{self.user} {self.case} {self.reason[:20]}"


# Case-file evaluation (案卷评查, R7) -------------------------------------------------------------------------


class Category(models.TextChoices):
    SUBJECT = "subject", "执法主体"
    FACTS = "facts", "事实与证据"
    LAW = "law", "法律适用"
    DISCRETION = "discretion", "自由裁量"
    PROCEDURE = "procedure", "执法程序"
    DOCUMENTS = "documents", "执法文书"
    ARCHIVING = "archiving", "立卷归档"


class Checklist(models.Model):
    """评查标准: the scoring checklist; a plan copies it when created, so later edits never change a score."""

    name = models.CharField("名称", max_length=100, unique=True)
    description = models.TextField("说明", blank=True)
    is_active = models.BooleanField("可用于新的评查", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "案卷评查标准"
        verbose_name_plural = "案卷评查标准"
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def total_points(self):
        return sum(item.points for item in self.items.all())


class ChecklistItem(models.Model):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="items", verbose_name="评查标准")
    code = models.SlugField("编码", max_length=30)
    category = models.CharField("类别", max_length=12, choices=Category.choices)
    text = models.CharField("评查内容", max_length=300)
    points = models.PositiveSmallIntegerField("分值（权重）")
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "评查项目"
        verbose_name_plural = "评查项目"
        ordering = ["checklist", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["checklist", "code"], name="uniq_checklist_item_code")]

    def __str__(self):
        return self.text

    def clean(self):
        if self.points is not None and self.points < 1:
            raise ValidationError({"points": "分值至少为1"})


class EvaluationPlan(models.Model):
    """评查方案: which agencies, which closed cases, how many each, drawn with a recorded seed."""

    class Status(models.TextChoices):
        DRAFT = "draft", "待抽取"
        DRAWN = "drawn", "评查中"
        COMPLETED = "completed", "已完成"

    title = models.CharField("名称", max_length=200)
    region_code = models.CharField("评查区域", max_length=6)
    agencies = models.ManyToManyField("organizations.Agency", related_name="+", verbose_name="被评查执法主体")
    closed_from = models.DateField("结案日期起")
    closed_to = models.DateField("结案日期止")
    per_agency = models.PositiveSmallIntegerField("每个主体抽取案卷数")
    checklist = models.ForeignKey(Checklist, on_delete=models.PROTECT, related_name="plans", verbose_name="评查标准")
    items = models.JSONField("评查项目（创建时的副本）", default=list)
    seed = models.CharField("随机种子", max_length=64)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    drawn_at = models.DateTimeField("抽取时间", null=True, blank=True)
    draw_digest = models.CharField("抽取结果摘要", max_length=64, blank=True,
                                   help_text="各主体候选案卷和抽中案卷的SHA-256，可据种子复核")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "案卷评查方案"
        verbose_name_plural = "案卷评查方案"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    @property
    def total_points(self) -> int:
        return sum(item["points"] for item in self.items)


class Evaluation(models.Model):
    """One sampled case file and its score on the plan's checklist."""

    class Status(models.TextChoices):
        PENDING = "pending", "待评查"
        SCORED = "scored", "已评分"

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", "优秀"
        GOOD = "good", "良好"
        PASS = "pass", "合格"
        FAIL = "fail", "不合格"

    plan = models.ForeignKey(EvaluationPlan, on_delete=models.PROTECT, related_name="evaluations", verbose_name="评查方案")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="evaluations", verbose_name="案件")
    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="执法主体")
    draw_order = models.PositiveIntegerField("抽取顺序")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    score = models.DecimalField("得分", max_digits=6, decimal_places=1, null=True, blank=True)
    grade = models.CharField("等次", max_length=10, choices=Grade.choices, blank=True)
    summary = models.TextField("评查意见", blank=True)
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name="评查人")
    scored_at = models.DateTimeField("评分时间", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "案卷评查"
        verbose_name_plural = "案卷评查"
        ordering = ["plan", "agency", "draw_order"]
        constraints = [models.UniqueConstraint(fields=["plan", "case"], name="uniq_evaluation_case")]

    def __str__(self):
        return f"{self.plan} {self.case}"


class ItemScore(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores", verbose_name="案卷评查")
    code = models.CharField("项目编码", max_length=30)
    category = models.CharField("类别", max_length=12, choices=Category.choices)
    text = models.CharField("评查内容", max_length=300)
    points = models.PositiveSmallIntegerField("分值")
    score = models.DecimalField("得分", max_digits=5, decimal_places=1)
    finding = models.TextField("发现的问题", blank=True)

    class Meta:
        verbose_name = "评查得分"
        verbose_name_plural = "评查得分"
        ordering = ["evaluation", "pk"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "code"], name="uniq_item_score")]

    def __str__(self):
        return f"{self.text} {self.score}/{self.points}"


# Notices and rectification (通报、整改, I5, R7) ----------------------------------------------------------------


class Notice(models.Model):
    """通报: issued by a supervisor to agencies of the region; may require rectification by a date."""

    class Kind(models.TextChoices):
        CRITICISM = "criticism", "通报批评"
        COMMENDATION = "commendation", "通报表扬"
        SITUATION = "situation", "情况通报"
        SUPERVISION = "supervision", "督办通知"

    number = models.CharField("文号", max_length=60, blank=True)
    kind = models.CharField("类别", max_length=12, choices=Kind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    region_code = models.CharField("发布区域", max_length=6)
    agencies = models.ManyToManyField("organizations.Agency", through="NoticeRecipient", related_name="+",
                                      verbose_name="通报对象")
    rectification_required = models.BooleanField("要求整改", default=False)
    rectification_due_on = models.DateField("整改期限", null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="发布人")
    issued_at = models.DateTimeField("发布时间")

    class Meta:
        verbose_name = "通报"
        verbose_name_plural = "通报"
        ordering = ["-issued_at", "-pk"]

    def __str__(self):
        return self.title


class NoticeRecipient(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="recipients", verbose_name="通报")
    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="执法主体")
    acknowledged_at = models.DateTimeField("签收时间", null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", verbose_name="签收人")

    class Meta:
        verbose_name = "通报对象"
        verbose_name_plural = "通报对象"
        ordering = ["notice", "agency"]
        constraints = [models.UniqueConstraint(fields=["notice", "agency"], name="uniq_notice_agency")]

    def __str__(self):
        return f"{self.notice} → {self.agency}"


class Rectification(models.Model):
    """整改: what an agency must put right by a date, reported by the agency and accepted by the supervisor."""

    class Status(models.TextChoices):
        OPEN = "open", "待整改"
        REPORTED = "reported", "已报送整改情况"
        RETURNED = "returned", "退回重新整改"
        ACCEPTED = "accepted", "整改完成"

    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="执法主体")
    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, null=True, blank=True, related_name="rectifications",
                               verbose_name="通报")
    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="rectifications", verbose_name="案卷评查")
    requirement = models.TextField("整改要求")
    due_on = models.DateField("整改期限")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    report = models.TextField("整改情况", blank=True)
    reported_at = models.DateTimeField("报送时间", null=True, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="报送人")
    verdict = models.TextField("审核意见", blank=True)
    verified_at = models.DateTimeField("审核时间", null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="审核人")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="下达人")
    issued_at = models.DateTimeField("下达时间")
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "整改"
        verbose_name_plural = "整改"
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(notice__isnull=False) | models.Q(evaluation__isnull=False),
                                   name="rectification_has_source"),
        ]

    def __str__(self):
        return f"{self.agency} {self.requirement[:30]}"

    @property
    def source_label(self) -> str:
        if self.notice_id:
            return f"通报：{self.notice.title}"
        return f"案卷评查：{self.evaluation.case.display_number}"


# Implementation of the three systems (O4) ---------------------------------------------------------------------


class ImplementationTask(models.Model):
    """A manual task of the implementation plan (实施方案): who leads, who carries it out, by when."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "未开始"
        IN_PROGRESS = "in_progress", "推进中"
        DONE = "done", "已完成"

    region_code = models.CharField("区域", max_length=6)
    title = models.CharField("任务", max_length=200)
    lead_unit = models.CharField("牵头单位", max_length=100)
    responsible_units = models.CharField("责任单位", max_length=300)
    starts_on = models.DateField("开始日期")
    due_on = models.DateField("完成时限")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    completed_on = models.DateField("完成日期", null=True, blank=True)
    progress = models.TextField("进展情况", blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="创建人")
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "实施任务"
        verbose_name_plural = "实施任务"
        ordering = ["region_code", "order", "starts_on", "pk"]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.starts_on and self.due_on and self.due_on < self.starts_on:
            errors["due_on"] = "完成时限不能早于开始日期"
        if self.status == self.Status.DONE and not self.completed_on:
            errors["completed_on"] = "已完成的任务请填写完成日期"
        if self.status != self.Status.DONE and self.completed_on:
            errors["completed_on"] = "未完成的任务不填写完成日期"
        if errors:
            raise ValidationError(errors)
