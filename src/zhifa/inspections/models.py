"""Random inspections "双随机、一公开" (P17, with the random-inspection item list of P6).

An agency keeps a directory of the targets it may inspect (:class:`Target`, 检查对象名录) and the
declared conflicts of its officers with them (:class:`Conflict`, 回避). A :class:`Plan` (抽查计划)
names the catalog's random-inspection items, the period, which targets are in the pool and how many
to draw; the draw picks targets and, for each, at least two officers with a valid certificate
(PL Art. 42), from a recorded seed, and stores its inputs so that anyone can recompute it.
Each drawn target (:class:`DrawnTarget`) then gets its result. What the public reads are the
snapshots :class:`PublishedPlan` and :class:`PublishedResult`, desensitised when made (P15, P16).
"""

from django.conf import settings
from django.db import models

from zhifa.core.validators import validate_region_code, validate_uscc


class Target(models.Model):
    """检查对象: one entry of the agency's directory of market subjects it may inspect."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", "企业"
        INDIVIDUAL = "individual", "个体工商户"
        ORGANISATION = "organisation", "其他组织"
        NATURAL = "natural", "自然人"

    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="inspection_targets",
                               verbose_name="执法主体")
    name = models.CharField("名称或姓名", max_length=200)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True, validators=[validate_uscc],
                            help_text="自然人不填")
    kind = models.CharField("类型", max_length=12, choices=Kind.choices, default=Kind.ENTERPRISE)
    address = models.CharField("地址（住所或经营场所）", max_length=300, blank=True)
    region_code = models.CharField("行政区划代码", max_length=6, validators=[validate_region_code])
    category = models.CharField("分类", max_length=50, blank=True, help_text="如“食品经营”，抽查计划按分类筛选")
    is_active = models.BooleanField("在册", default=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "检查对象"
        verbose_name_plural = "检查对象名录"
        ordering = ["agency", "pk"]
        constraints = [models.UniqueConstraint(fields=["agency", "uscc"], condition=~models.Q(uscc=""),
                                               name="uniq_inspection_target_uscc")]
        indexes = [models.Index(fields=["agency", "is_active", "category"], name="insp_target_pool")]

    def __str__(self):
        return self.name

    @property
    def is_natural_person(self) -> bool:
        return self.kind == self.Kind.NATURAL


class Conflict(models.Model):
    """回避: an officer declared a relation with a target; never drawn to inspect it (PL Art. 43)."""

    class Kind(models.TextChoices):
        RELATIVE = "relative", "近亲属关系"
        INTEREST = "interest", "利害关系"
        OTHER = "other", "其他可能影响公正执法的关系"

    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="conflicts", verbose_name="检查对象")
    person = models.ForeignKey("organizations.Person", on_delete=models.PROTECT, related_name="+", verbose_name="执法人员")
    kind = models.CharField("回避事由", max_length=10, choices=Kind.choices)
    note = models.CharField("说明", max_length=300, blank=True)
    declared_at = models.DateTimeField("登记时间", auto_now_add=True)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="登记人")

    class Meta:
        verbose_name = "回避登记"
        verbose_name_plural = "回避登记"
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["target", "person"], name="uniq_inspection_conflict")]

    def __str__(self):
        return f"{self.person} 回避 {self.target}"


class Result(models.TextChoices):
    """The standard results of a random inspection (市场监管总局双随机抽查结果)."""

    NO_PROBLEM = "no_problem", "未发现问题"
    RECTIFY = "rectify", "发现问题已责令整改"
    CASE = "case", "发现问题转立案查处"
    NOT_OPERATING = "not_operating", "未发现开展本项目经营活动"
    UNREACHABLE = "unreachable", "通过登记的住所（经营场所）无法联系"


class Plan(models.Model):
    """抽查计划: what is inspected, when, in which pool, how many targets, how many officers each."""

    class Status(models.TextChoices):
        DRAFT = "draft", "待抽取"
        DRAWN = "drawn", "已抽取"

    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="inspection_plans",
                               verbose_name="执法主体")
    number = models.CharField("计划编号", max_length=60, unique=True)
    title = models.CharField("计划名称", max_length=200)
    items = models.ManyToManyField("catalog.EnforcementItem", related_name="inspection_plans",
                                   verbose_name="随机抽查事项")
    item_snapshot = models.JSONField("抽查事项（计划制定时）", default=list,
                                     help_text="事项编码、名称、抽查方式、抽查比例与频次")
    period_start = models.DateField("检查期间起")
    period_end = models.DateField("检查期间止")
    category = models.CharField("对象分类", max_length=50, blank=True, help_text="为空表示名录中全部在册对象")
    region_prefix = models.CharField("区域（行政区划代码前缀）", max_length=6, blank=True)
    target_count = models.PositiveIntegerField("抽取对象数", null=True, blank=True)
    target_ratio = models.DecimalField("抽取比例（%）", max_digits=5, decimal_places=2, null=True, blank=True)
    inspectors_per_target = models.PositiveSmallIntegerField("每个对象检查人员数", default=2)
    seed = models.CharField("随机种子", max_length=64)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    draw_inputs = models.JSONField("抽取依据", default=dict, blank=True,
                                   help_text="抽取时的候选对象、检查人员和回避关系（编号），供复核")
    inputs_digest = models.CharField("候选名单摘要", max_length=64, blank=True)
    draw_digest = models.CharField("抽取结果摘要", max_length=64, blank=True)
    drawn_at = models.DateTimeField("抽取时间", null=True, blank=True)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name="抽取人")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="制定人")
    created_at = models.DateTimeField("制定时间", auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "抽查计划"
        verbose_name_plural = "抽查计划"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def is_drawn(self) -> bool:
        return self.status == self.Status.DRAWN

    @property
    def scale(self) -> str:
        if self.target_count:
            return f"{self.target_count}户"
        return f"{self.target_ratio.normalize():f}%" if self.target_ratio is not None else ""


class DrawnTarget(models.Model):
    """One target drawn by a plan, its inspectors, and the result once inspected."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="drawn", verbose_name="抽查计划")
    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="+", verbose_name="检查对象")
    draw_order = models.PositiveIntegerField("抽取顺序")
    inspectors = models.ManyToManyField("organizations.Person", related_name="+", verbose_name="检查人员")
    inspected_on = models.DateField("检查日期", null=True, blank=True)
    result = models.CharField("检查结果", max_length=15, choices=Result.choices, blank=True)
    note = models.TextField("情况说明", blank=True)
    entered_at = models.DateTimeField("录入时间", null=True, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name="录入人")
    disclosure_due_on = models.DateField("结果公示期限", null=True, blank=True,
                                         help_text="录入之日起20个工作日内")
    due_confirmed = models.BooleanField("期限已按法定节假日确认", default=True)
    lead = models.OneToOneField("cases.Lead", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="inspection", verbose_name="案源")
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "抽中对象"
        verbose_name_plural = "抽中对象"
        ordering = ["plan", "draw_order"]
        constraints = [models.UniqueConstraint(fields=["plan", "target"], name="uniq_drawn_target")]
        indexes = [models.Index(fields=["published_at", "disclosure_due_on"], name="insp_result_due")]

    def __str__(self):
        return f"{self.plan.number} #{self.draw_order} {self.target}"

    @property
    def has_result(self) -> bool:
        return bool(self.result)


class PublishedPlan(models.Model):
    """The public copy of a plan: made once when it is published; the portal reads only this and its results."""

    plan = models.OneToOneField(Plan, on_delete=models.PROTECT, related_name="publication", verbose_name="抽查计划")
    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+",
                               verbose_name="执法主体")
    agency_name = models.CharField("执法机关", max_length=100)
    number = models.CharField("计划编号", max_length=60)
    title = models.CharField("计划名称", max_length=200)
    items = models.JSONField("抽查事项", default=list)
    period_start = models.DateField("检查期间起")
    period_end = models.DateField("检查期间止")
    scope = models.CharField("抽查范围", max_length=200, blank=True)
    scale = models.CharField("抽取数量或比例", max_length=50)
    inspectors_per_target = models.PositiveSmallIntegerField("每个对象检查人员数")
    candidates = models.PositiveIntegerField("候选对象数", null=True, blank=True)
    drawn = models.PositiveIntegerField("抽中对象数", null=True, blank=True)
    seed = models.CharField("随机种子", max_length=64, blank=True, help_text="抽取后公开，供复核")
    draw_digest = models.CharField("抽取结果摘要", max_length=64, blank=True)
    published_at = models.DateTimeField("公示时间")

    class Meta:
        verbose_name = "已公示抽查计划"
        verbose_name_plural = "已公示抽查计划"
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return f"{self.number} {self.title}"


class PublishedResult(models.Model):
    """The public copy of one result: the target's name (a natural person's masked), the result, a masked note."""

    published_plan = models.ForeignKey(PublishedPlan, on_delete=models.PROTECT, related_name="results",
                                       verbose_name="抽查计划")
    drawn = models.OneToOneField(DrawnTarget, on_delete=models.PROTECT, related_name="publication",
                                 verbose_name="抽中对象")
    draw_order = models.PositiveIntegerField("抽取顺序")
    target_name = models.CharField("检查对象", max_length=200)
    target_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    target_kind = models.CharField("对象类型", max_length=20)
    inspected_on = models.DateField("检查日期")
    result = models.CharField("检查结果", max_length=40)
    note = models.TextField("情况说明（已脱敏）", blank=True)
    published_at = models.DateTimeField("公示时间")

    class Meta:
        verbose_name = "已公示抽查结果"
        verbose_name_plural = "已公示抽查结果"
        ordering = ["published_plan", "draw_order"]

    def __str__(self):
        return f"{self.target_name} {self.result}"
