"""Rules as data (P4–P9, R3, R4, L2, L7): every list is versioned; a published version never changes.

A :class:`RuleList` belongs to an agency, or to nobody when it is a shipped national default
(a jurisdiction adopts a default by copying it into its own list: its *policy profile*). Its
content hangs off a :class:`RuleListVersion`; editing happens in a draft, publishing freezes it.
The freeze is enforced twice: by the services and by ``save``/``delete`` of every content row.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

IMMUTABLE = "已发布的版本不可修改，请新建草稿后修改"


class RuleList(models.Model):
    class Kind(models.TextChoices):
        POWERS = "powers", "权责清单与执法事项清单"
        PROCEDURES = "procedures", "执法流程"
        DISCRETION = "discretion", "行政处罚裁量基准"
        MAJOR = "major", "重大执法决定法制审核目录清单"
        AV = "av", "音像记录事项清单"

    kind = models.CharField("清单类型", max_length=12, choices=Kind.choices)
    name = models.CharField("名称", max_length=200)
    agency = models.ForeignKey(
        "organizations.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="rule_lists",
        verbose_name="执法主体", help_text="为空表示国家默认清单",
    )
    source = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="adoptions", verbose_name="来源清单"
    )
    laws = models.ManyToManyField("laws.Law", blank=True, related_name="rule_lists", verbose_name="依据的法律法规")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "清单"
        verbose_name_plural = "清单"
        ordering = ["kind", "agency__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "agency"], name="one_list_per_kind_and_agency"),
            models.UniqueConstraint(fields=["kind"], condition=models.Q(agency__isnull=True), name="one_national_list_per_kind"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_national(self) -> bool:
        return self.agency_id is None


class RuleListVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"

    rule_list = models.ForeignKey(RuleList, on_delete=models.PROTECT, related_name="versions", verbose_name="清单")
    number = models.PositiveIntegerField("版本号")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    effective_from = models.DateField("生效日期", null=True, blank=True)
    note = models.TextField("修订说明", blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="发布人"
    )
    digest = models.CharField("内容摘要", max_length=64, blank=True, help_text="发布时全部内容的SHA-256（RFC 8785规范化JSON）")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "清单版本"
        verbose_name_plural = "清单版本"
        ordering = ["rule_list", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["rule_list", "number"], name="unique_list_version_number"),
            models.UniqueConstraint(
                fields=["rule_list"], condition=models.Q(status="draft"), name="one_draft_per_list"
            ),
        ]

    def __str__(self):
        return f"{self.rule_list.name} 第{self.number}版（{self.get_status_display()}）"

    def save(self, *args, **kwargs):
        if self.stored_status() == self.Status.PUBLISHED:
            raise ValidationError(IMMUTABLE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.stored_status() == self.Status.PUBLISHED:
            raise ValidationError(IMMUTABLE)
        return super().delete(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def stored_status(self):
        if not self.pk:
            return None
        return type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()


class VersionedEntry(models.Model):
    """A row of a list's content: writable only while its version is a draft."""

    version = models.ForeignKey(RuleListVersion, on_delete=models.CASCADE, related_name="+", verbose_name="版本")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._check_writable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_writable()
        return super().delete(*args, **kwargs)

    def owning_version(self) -> RuleListVersion:
        return self.version

    def _check_writable(self):
        version = self.owning_version()
        if version is None or version.stored_status() != RuleListVersion.Status.DRAFT:
            raise ValidationError(IMMUTABLE)


# --- 权责清单 (P4) and 执法事项清单 with 服务指南 (P5), 随机抽查事项 (P6) ---


class PowerKind(models.TextChoices):
    LICENCE = "licence", "行政许可"
    PENALTY = "penalty", "行政处罚"
    COMPULSION = "compulsion", "行政强制"
    COLLECTION = "collection", "行政征收"
    BENEFIT = "benefit", "行政给付"
    INSPECTION = "inspection", "行政检查"
    CONFIRMATION = "confirmation", "行政确认"
    REWARD = "reward", "行政奖励"
    ADJUDICATION = "adjudication", "行政裁决"
    OTHER = "other", "其他行政权力"


class Power(VersionedEntry):
    code = models.CharField("权力编码", max_length=50)
    name = models.CharField("权力名称", max_length=200)
    kind = models.CharField("权力类型", max_length=15, choices=PowerKind.choices)
    basis = models.TextField("实施依据", help_text="引用法律法规条文，如《中华人民共和国食品安全法》第一百二十四条")
    basis_citations = models.JSONField("依据条文", default=list, editable=False)
    responsible_agency = models.CharField("实施主体", max_length=100)
    responsible_department = models.CharField("承办机构", max_length=100, blank=True)
    responsibilities = models.TextField("责任事项", blank=True)
    accountability = models.TextField("追责情形", blank=True)
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "行政权力"
        verbose_name_plural = "行政权力"
        ordering = ["version", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="unique_power_code")]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        self.basis_citations = citations_of(self.basis, "basis")


def citations_of(text: str, field: str) -> list[dict]:
    """Legal bases are stored as written and as parsed citations; text with no citation is refused."""
    from zhifa.laws.citations import parse

    found = [c.as_dict() for c in parse(text or "")]
    if not found:
        raise ValidationError({field: "未识别到法律法规条文，应写作《法律法规名称》第X条（第X款第X项）"})
    return found


class EnforcementItem(VersionedEntry):
    power = models.ForeignKey(Power, on_delete=models.CASCADE, related_name="items", verbose_name="所属权力")
    code = models.CharField("事项编码", max_length=50)
    name = models.CharField("事项名称", max_length=200)
    subject = models.CharField("执法主体", max_length=100)
    handling_body = models.CharField("承办机构", max_length=100, blank=True)
    conditions = models.TextField("办理条件", blank=True)
    materials = models.TextField("申请材料", blank=True)
    time_limit = models.CharField("办理时限", max_length=100, blank=True)
    procedure_code = models.CharField("执法流程", max_length=50, blank=True, help_text="执法流程清单中的流程编码")
    fees = models.CharField("收费标准", max_length=200, blank=True, default="不收费")
    remedies = models.TextField("救济途径", blank=True)
    place = models.CharField("办理地点", max_length=200, blank=True)
    contact = models.CharField("咨询电话", max_length=100, blank=True)
    is_random_inspection = models.BooleanField("随机抽查事项", default=False)
    inspection_method = models.CharField("抽查方式", max_length=100, blank=True)
    inspection_ratio = models.CharField("抽查比例与频次", max_length=100, blank=True)

    class Meta:
        verbose_name = "执法事项"
        verbose_name_plural = "执法事项"
        ordering = ["version", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="unique_item_code")]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        if self.power_id and self.version_id and self.power.version_id != self.version_id:
            raise ValidationError({"power": "所属权力必须在同一版本中"})
        if self.is_random_inspection and not self.inspection_method:
            raise ValidationError({"inspection_method": "随机抽查事项必须填写抽查方式"})


# --- 执法流程 ---


class Procedure(VersionedEntry):
    code = models.CharField("流程编码", max_length=50)
    name = models.CharField("流程名称", max_length=100)
    kind = models.CharField("行为类别", max_length=15, choices=PowerKind.choices)
    description = models.TextField("说明", blank=True)
    definition = models.JSONField("流程定义", help_text="环节、流转、条件、文书、音像记录要求、期限")

    class Meta:
        verbose_name = "执法流程"
        verbose_name_plural = "执法流程"
        ordering = ["version", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="unique_procedure_code")]

    def __str__(self):
        return self.name

    def clean(self):
        from .procedures import definition_errors

        errors = definition_errors(self.definition)
        if errors:
            raise ValidationError({"definition": errors})


# --- 裁量基准 (P7) ---


class Tier(models.TextChoices):
    NONE = "none", "不予处罚"
    MITIGATED = "mitigated", "减轻处罚"
    LIGHTER = "lighter", "从轻处罚"
    GENERAL = "general", "一般处罚"
    HEAVIER = "heavier", "从重处罚"


class PenaltyKind(models.TextChoices):
    """The kinds of PL Art. 9."""

    WARNING = "warning", "警告"
    CRITICISM = "criticism", "通报批评"
    FINE = "fine", "罚款"
    CONFISCATE_GAINS = "confiscate_gains", "没收违法所得"
    CONFISCATE_PROPERTY = "confiscate_property", "没收非法财物"
    SUSPEND_LICENCE = "suspend_licence", "暂扣许可证件"
    DOWNGRADE = "downgrade", "降低资质等级"
    REVOKE_LICENCE = "revoke_licence", "吊销许可证件"
    RESTRICT_BUSINESS = "restrict_business", "限制开展生产经营活动"
    SUSPEND_BUSINESS = "suspend_business", "责令停产停业"
    CLOSE = "close", "责令关闭"
    RESTRICT_PRACTICE = "restrict_practice", "限制从业"
    DETENTION = "detention", "行政拘留"
    OTHER = "other", "其他行政处罚"


class DiscretionBenchmark(VersionedEntry):
    code = models.CharField("编号", max_length=50)
    violation = models.CharField("违法行为", max_length=200)
    provisions_violated = models.TextField("违反条款")
    provisions_penalised = models.TextField("处罚依据")
    citations = models.JSONField("依据条文", default=list, editable=False)
    statutory_range = models.TextField("法定处罚幅度", blank=True)
    first_violation_exempt = models.BooleanField(
        "列入首违不罚清单", default=False, help_text="初次违法且危害后果轻微并及时改正的，可以不予行政处罚（行政处罚法第三十三条第一款）"
    )
    first_violation_conditions = models.TextField("首违不罚适用条件", blank=True)

    class Meta:
        verbose_name = "裁量基准"
        verbose_name_plural = "裁量基准"
        ordering = ["version", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="unique_benchmark_code")]

    def __str__(self):
        return f"{self.code} {self.violation}"

    def clean(self):
        self.citations = citations_of(self.provisions_violated, "provisions_violated") + citations_of(
            self.provisions_penalised, "provisions_penalised"
        )
        if self.first_violation_exempt and not self.first_violation_conditions.strip():
            raise ValidationError({"first_violation_conditions": "列入首违不罚清单的，必须写明适用条件"})


class DiscretionTier(models.Model):
    class FineBasis(models.TextChoices):
        NONE = "none", "不处罚款"
        FIXED = "fixed", "固定金额"
        ILLEGAL_GAINS = "illegal_gains", "违法所得倍数"
        GOODS_VALUE = "goods_value", "货值金额倍数"
        FEES = "fees", "广告费用等费用倍数"

    benchmark = models.ForeignKey(DiscretionBenchmark, on_delete=models.CASCADE, related_name="tiers", verbose_name="裁量基准")
    tier = models.CharField("裁量阶次", max_length=10, choices=Tier.choices)
    circumstances = models.TextField("适用情形")
    penalty_kinds = models.JSONField("处罚种类", default=list, blank=True)
    fine_basis = models.CharField("罚款计算方式", max_length=15, choices=FineBasis.choices, default=FineBasis.NONE)
    fine_min = models.DecimalField("罚款下限（元或倍数）", max_digits=14, decimal_places=2, null=True, blank=True)
    fine_max = models.DecimalField("罚款上限（元或倍数）", max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "裁量阶次"
        verbose_name_plural = "裁量阶次"
        ordering = ["benchmark", "pk"]
        constraints = [models.UniqueConstraint(fields=["benchmark", "tier"], name="unique_benchmark_tier")]

    def __str__(self):
        return f"{self.benchmark.code} {self.get_tier_display()}"

    def save(self, *args, **kwargs):
        self.benchmark._check_writable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.benchmark._check_writable()
        return super().delete(*args, **kwargs)

    @property
    def version(self):
        return self.benchmark.version

    def clean(self):
        kinds = self.penalty_kinds if isinstance(self.penalty_kinds, list) else None
        if kinds is None or any(k not in PenaltyKind.values for k in kinds):
            raise ValidationError({"penalty_kinds": "处罚种类必须是行政处罚法第九条规定的种类"})
        if self.tier == Tier.NONE:
            if kinds or self.fine_basis != self.FineBasis.NONE:
                raise ValidationError({"penalty_kinds": "“不予处罚”阶次不能设定处罚种类或罚款"})
            return
        if not kinds:
            raise ValidationError({"penalty_kinds": "至少选择一种处罚种类"})
        fines = PenaltyKind.FINE in kinds
        if fines != (self.fine_basis != self.FineBasis.NONE):
            raise ValidationError({"fine_basis": "处罚种类含罚款时必须设定罚款计算方式，反之不得设定"})
        if fines:
            if self.fine_min is None or self.fine_max is None:
                raise ValidationError({"fine_min": "必须填写罚款下限和上限"})
            if self.fine_min < 0 or self.fine_max < self.fine_min:
                raise ValidationError({"fine_max": "罚款上限不得低于下限，且均不得为负数"})


# --- 重大执法决定法制审核目录 (L2, L7) ---


class MajorDecisionRule(VersionedEntry):
    class Kind(models.TextChoices):
        ACTION_KIND = "action_kind", "执法行为类别"
        PENALTY_KIND = "penalty_kind", "处罚种类"
        AMOUNT = "amount", "涉案金额"
        HEARING = "hearing", "经过听证"
        COMPLEXITY = "complexity", "疑难复杂"
        DOMAIN = "domain", "执法领域"
        REVIEW_ALL = "review_all", "处罚和强制决定全部审核"

    kind = models.CharField("规则类型", max_length=15, choices=Kind.choices)
    name = models.CharField("审核事项", max_length=200)
    params = models.JSONField("规则参数", default=dict, blank=True)
    basis = models.TextField("依据", blank=True)

    class Meta:
        verbose_name = "重大执法决定审核规则"
        verbose_name_plural = "重大执法决定审核规则"
        ordering = ["version", "pk"]

    def __str__(self):
        return self.name

    def clean(self):
        from .major import rule_param_errors

        errors = rule_param_errors(self.kind, self.params)
        if errors:
            raise ValidationError({"params": errors})


# --- 音像记录事项清单 (R3, R4) ---


class AvMode(models.TextChoices):
    TEXT = "text", "文字记录即可"
    REQUIRED = "required", "全程音像记录"
    AS_NEEDED = "as_needed", "根据实际情况音像记录"


class AvRequirement(VersionedEntry):
    procedure_code = models.CharField("流程编码", max_length=50)
    stage_code = models.CharField("环节编码", max_length=50)
    mode = models.CharField("记录方式", max_length=10, choices=AvMode.choices)
    basis = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "音像记录事项"
        verbose_name_plural = "音像记录事项"
        ordering = ["version", "procedure_code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "procedure_code", "stage_code"], name="unique_av_stage")
        ]

    def __str__(self):
        return f"{self.procedure_code}/{self.stage_code}：{self.get_mode_display()}"
