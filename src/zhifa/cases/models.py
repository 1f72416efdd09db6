"""Leads, cases, parties and the case's stage history (R1, R2, R6; PL Art. 36, 42, 47).

A case runs one procedure definition of the catalog, pinned to the published version in force
when the case began, so a later revision never changes the rules under a running case. Every
change goes through :mod:`zhifa.cases.services`, which checks permission and writes the journal;
``version`` is the optimistic lock that stops two people from overwriting each other.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from zhifa.core.validators import validate_id_number, validate_uscc


class Lead(models.Model):
    """案源: where a possible violation came to the agency's notice."""

    class Source(models.TextChoices):
        INSPECTION = "inspection", "监督检查发现"
        COMPLAINT = "complaint", "投诉举报"
        REFERRAL = "referral", "上级交办或其他机关移送"
        TRANSFER = "transfer", "其他机关移交"
        MONITORING = "monitoring", "监测发现"

    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="leads", verbose_name="执法主体")
    number = models.CharField("案源编号", max_length=60, unique=True)
    source = models.CharField("案源来源", max_length=12, choices=Source.choices)
    received_on = models.DateField("登记日期")
    summary = models.TextField("案源内容")
    party_name = models.CharField("涉及当事人", max_length=200, blank=True)
    reporter = models.CharField("来源单位或举报人", max_length=200, blank=True, help_text="举报人信息不对外公开")
    reference = models.CharField("来源编号", max_length=60, blank=True, help_text="投诉举报编号、移送函文号等")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "案源"
        verbose_name_plural = "案源"
        ordering = ["-received_on", "-pk"]

    def __str__(self):
        return self.number


class Case(models.Model):
    """案件: one matter of one agency run through one procedure."""

    class Status(models.TextChoices):
        OPEN = "open", "办理中"
        SUSPENDED = "suspended", "中止"
        CLOSED = "closed", "已结案"
        ARCHIVED = "archived", "已归档"
        ENDED = "ended", "已终结"  # not filed, transferred: a final stage other than the archive

    class Limitation(models.IntegerChoices):
        GENERAL = 2, "二年"
        EXTENDED = 5, "五年（涉及公民生命健康安全、金融安全且有危害后果）"

    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="cases", verbose_name="执法主体")
    department = models.ForeignKey(
        "organizations.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="cases", verbose_name="承办机构"
    )
    lead = models.OneToOneField(Lead, on_delete=models.PROTECT, null=True, blank=True, related_name="case", verbose_name="案源")
    number = models.CharField("案件编号", max_length=60, blank=True, help_text="立案时从案件编号序列取号")
    title = models.CharField("案由", max_length=200)
    procedure = models.ForeignKey("catalog.Procedure", on_delete=models.PROTECT, related_name="+", verbose_name="执法流程")
    procedure_code = models.CharField("流程编码", max_length=50)
    item = models.ForeignKey(
        "catalog.EnforcementItem", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="执法事项"
    )
    stage = models.CharField("当前环节", max_length=50)
    stage_entered_at = models.DateTimeField("进入当前环节时间")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    # Facts the limitation check, the major-decision catalog and the documents need.
    violation_ended_on = models.DateField("违法行为终了日期", null=True, blank=True, help_text="连续或继续状态的，填写终了之日（行政处罚法第三十六条）")
    discovered_on = models.DateField("发现日期", null=True, blank=True)
    limitation_years = models.PositiveSmallIntegerField("追责时效", choices=Limitation.choices, default=Limitation.GENERAL)
    place = models.CharField("违法地点", max_length=200, blank=True)
    facts = models.TextField("违法事实", blank=True)
    provisions_violated = models.TextField("违反条款", blank=True)
    provisions_penalised = models.TextField("处罚依据", blank=True)
    benchmark = models.ForeignKey(
        "catalog.DiscretionBenchmark", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="适用裁量基准"
    )
    tier = models.CharField("裁量阶次", max_length=10, blank=True)
    penalty_kinds = models.JSONField("拟处罚种类", default=list, blank=True)
    fine_amount = models.DecimalField("罚款金额（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    confiscation_amount = models.DecimalField("没收违法所得（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    circumstances = models.JSONField(
        "重大执法决定情形", default=list, blank=True,
        help_text="行政处罚法第五十八条所列情形的编码，如 complex_case、major_public_interest",
    )
    filed_on = models.DateField("立案日期", null=True, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    archived_at = models.DateTimeField("归档时间", null=True, blank=True)
    decision_extension_days = models.PositiveIntegerField("决定期限延长天数", default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "案件"
        verbose_name_plural = "案件"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["number"], condition=~models.Q(number=""), name="uniq_case_number"),
        ]
        indexes = [models.Index(fields=["agency", "status", "stage"], name="case_agency_status_stage")]

    def __str__(self):
        return self.number or (self.lead.number if self.lead_id else f"案件{self.pk}")

    @property
    def display_number(self) -> str:
        return str(self)

    @property
    def is_read_only(self) -> bool:
        """R5: an archived case, or one that ended, no longer changes."""
        return self.status in {self.Status.ARCHIVED, self.Status.ENDED}

    @property
    def stage_name(self) -> str:
        from zhifa.catalog.procedures import stage

        found = stage(self.procedure.definition, self.stage)
        return found["name"] if found else self.stage


class Party(models.Model):
    """当事人, kept per agency so one party's records across cases are found together (R6)."""

    class Kind(models.TextChoices):
        NATURAL = "natural", "自然人"
        LEGAL = "legal", "法人"
        INDIVIDUAL_BUSINESS = "individual_business", "个体工商户"
        OTHER = "other", "其他组织"

    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="parties", verbose_name="执法主体")
    kind = models.CharField("当事人类型", max_length=20, choices=Kind.choices)
    name = models.CharField("名称或姓名", max_length=200)
    id_number = models.CharField("身份证号码", max_length=18, blank=True, validators=[validate_id_number])
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True, validators=[validate_uscc])
    legal_representative = models.CharField("法定代表人（负责人、经营者）", max_length=50, blank=True)
    address = models.CharField("住所或地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "当事人"
        verbose_name_plural = "当事人"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "uscc"], condition=~models.Q(uscc=""), name="uniq_party_uscc"),
            models.UniqueConstraint(fields=["agency", "id_number"], condition=~models.Q(id_number=""), name="uniq_party_id_number"),
        ]

    def __str__(self):
        return self.name

    @property
    def identifier(self) -> str:
        return self.uscc or self.id_number

    def clean(self):
        self.id_number = (self.id_number or "").strip().upper()
        self.uscc = (self.uscc or "").strip().upper()
        errors = {}
        if self.kind == self.Kind.NATURAL:
            if not self.id_number:
                errors["id_number"] = "当事人为自然人的，必须填写身份证号码"
            if self.uscc:
                errors["uscc"] = "自然人不填写统一社会信用代码"
        elif self.kind in {self.Kind.LEGAL, self.Kind.OTHER, self.Kind.INDIVIDUAL_BUSINESS}:
            if not self.uscc:
                errors["uscc"] = f"当事人为{self.get_kind_display()}的，必须填写统一社会信用代码"
            if self.kind != self.Kind.INDIVIDUAL_BUSINESS and not self.legal_representative:
                errors["legal_representative"] = "法人或其他组织必须填写法定代表人或负责人"
        if errors:
            raise ValidationError(errors)


class CaseParty(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="case_parties", verbose_name="案件")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="case_links", verbose_name="当事人")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "案件当事人"
        verbose_name_plural = "案件当事人"
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["case", "party"], name="uniq_case_party")]

    def __str__(self):
        return f"{self.case} {self.party}"


class CaseOfficer(models.Model):
    """A handling officer of a case (PL Art. 42: at least two, each with a valid certificate)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="case_officers", verbose_name="案件")
    person = models.ForeignKey("organizations.Person", on_delete=models.PROTECT, related_name="case_assignments", verbose_name="执法人员")
    is_lead = models.BooleanField("主办人", default=False)
    assigned_at = models.DateTimeField("指派时间", auto_now_add=True)
    released_at = models.DateTimeField("退出时间", null=True, blank=True, help_text="回避或调整后退出办案")

    class Meta:
        verbose_name = "办案人员"
        verbose_name_plural = "办案人员"
        ordering = ["-is_lead", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="uniq_case_officer")]

    def __str__(self):
        return f"{self.case} {self.person}"


class Recusal(models.Model):
    """回避声明: each handling officer declares whether they have an interest in the case (PL Art. 43)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="recusals", verbose_name="案件")
    person = models.ForeignKey("organizations.Person", on_delete=models.PROTECT, related_name="+", verbose_name="执法人员")
    has_interest = models.BooleanField("存在直接利害关系或其他应回避情形")
    statement = models.TextField("声明内容")
    declared_at = models.DateTimeField("声明时间", auto_now_add=True)

    class Meta:
        verbose_name = "回避声明"
        verbose_name_plural = "回避声明"
        ordering = ["pk"]

    def __str__(self):
        return f"{self.person} 回避声明"


class StageVisit(models.Model):
    """One stay of a case in one stage: when it came, by which transition, and its deadline."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="visits", verbose_name="案件")
    # The case's agency, copied when the stay begins (a case never changes agency): the supervision
    # statistics count a region's stays from the visits alone, without joining a million cases.
    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+",
                               verbose_name="执法主体", editable=False)
    stage = models.CharField("环节", max_length=50)
    stage_name = models.CharField("环节名称", max_length=100)
    transition = models.CharField("流转", max_length=100, blank=True)
    entered_at = models.DateTimeField("进入时间")
    left_at = models.DateTimeField("离开时间", null=True, blank=True)
    due_on = models.DateField("期限届满日", null=True, blank=True)
    due_label = models.CharField("期限事项", max_length=100, blank=True)
    due_confirmed = models.BooleanField("期限已按法定节假日确认", default=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="操作人")
    comment = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "环节记录"
        verbose_name_plural = "环节记录"
        ordering = ["entered_at", "pk"]
        # Covering indexes of the supervision statistics' on-time figures: the stays of one stage left
        # (or entered) in a period, with their agency and due date, answered from the index alone.
        indexes = [
            models.Index(fields=["stage", "left_at", "agency", "due_on"], name="visit_stage_left_agency"),
            models.Index(fields=["stage", "entered_at", "agency", "due_on"], name="visit_stage_entered_agency"),
        ]

    def __str__(self):
        return f"{self.case} {self.stage_name}"


class HeadDecision(models.Model):
    """Something the handling officers ask and a head decides: who asked, why, and the answer."""

    class Decision(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "同意"
        REJECTED = "rejected", "不同意"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="%(class)ss", verbose_name="案件")
    reason = models.TextField("申请理由")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="申请人")
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decision = models.CharField("审批结果", max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="审批人"
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    comment = models.TextField("审批意见", blank=True)

    class Meta:
        abstract = True
        ordering = ["-requested_at", "-pk"]


class Approval(HeadDecision):
    """审批: a head's yes or no on a transition the handling officers asked for (PL Art. 57)."""

    from_stage = models.CharField("所在环节", max_length=50)
    to_stage = models.CharField("拟流转至", max_length=50)
    transition = models.CharField("审批事项", max_length=100)

    class Meta(HeadDecision.Meta):
        verbose_name = "审批"
        verbose_name_plural = "审批"

    def __str__(self):
        return f"{self.transition}（{self.get_decision_display()}）"


class Suspension(HeadDecision):
    """中止 or 延期: both need a head's approval and are recorded (PL Art. 60)."""

    class Kind(models.TextChoices):
        SUSPEND = "suspend", "中止办理"
        RESUME = "resume", "恢复办理"
        EXTEND = "extend", "延长办案期限"

    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    days = models.PositiveIntegerField("延长天数", null=True, blank=True)

    class Meta(HeadDecision.Meta):
        verbose_name = "中止与延期"
        verbose_name_plural = "中止与延期"

    def __str__(self):
        return f"{self.get_kind_display()}（{self.get_decision_display()}）"


class CaseEvent(models.Model):
    """Facts of the procedure the guards ask about: a hearing asked for, a fine paid, rights waived."""

    class Kind(models.TextChoices):
        CERTIFICATE_SHOWN = "certificate_shown", "出示执法证件"
        PARTY_NOTIFIED = "party_notified", "通知当事人到场"
        STATEMENT_RECEIVED = "statement_received", "收到陈述申辩"
        STATEMENT_WAIVED = "statement_waived", "当事人放弃陈述申辩和听证"
        HEARING_REQUESTED = "hearing_requested", "当事人申请听证"
        FINE_PAID = "fine_paid", "罚款已缴纳"
        ENFORCEMENT_APPLIED = "enforcement_applied", "已申请法院强制执行"
        APPLICATION_COMPLETE = "application_complete", "申请材料齐全"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events", verbose_name="案件")
    kind = models.CharField("事项", max_length=20, choices=Kind.choices)
    occurred_on = models.DateField("发生日期")
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    note = models.TextField("说明", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="记录人")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "办案事项"
        verbose_name_plural = "办案事项"
        ordering = ["occurred_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.occurred_on}"


class CollectiveDiscussion(models.Model):
    """集体讨论 by the agency's heads (PL Art. 57 para. 2): participants, date, minutes, conclusion."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="discussions", verbose_name="案件")
    held_on = models.DateField("讨论日期")
    chair = models.CharField("主持人", max_length=50)
    participants = models.TextField("参加人员")
    minutes = models.TextField("讨论记录")
    conclusion = models.TextField("讨论结论")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="记录人")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "集体讨论"
        verbose_name_plural = "集体讨论"
        ordering = ["held_on", "pk"]

    def __str__(self):
        return f"集体讨论 {self.held_on}"
