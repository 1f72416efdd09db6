"""Disclosure of enforcement decisions and the portal's own content (P11–P15).

Three layers, so that the public never reads a case record:

* :class:`DisclosurePolicy` — an agency's rules: deadlines, automatic publication, what is masked.
* :class:`Disclosure` — the agency's internal record of one issued decision on its way to the public:
  when it was opened and is due, the clerk's masking choices, a legal exception, a withdrawal. The
  supervision app computes timeliness from its dates (see docs/disclosure.md).
* :class:`PublishedDecision` — the desensitised snapshot made at publication. The portal, the feed,
  the downloads, the public API and search read this table only. A snapshot never changes except to
  be withdrawn or superseded, and it stays in the table, so the portal keeps the history (P13).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from . import masking


class Category(models.TextChoices):
    """执法类别 of a disclosed decision (P12): licence and penalty decisions have the short deadline."""

    PENALTY = "penalty", "行政处罚"
    LICENCE = "licence", "行政许可"
    COMPULSION = "compulsion", "行政强制"
    OTHER = "other", "其他行政执法决定"


class DisclosurePolicy(models.Model):
    """An agency's disclosure rules; without a row the national defaults apply (DESIGN.md)."""

    agency = models.OneToOneField(
        "organizations.Agency", on_delete=models.CASCADE, related_name="disclosure_policy", verbose_name="执法主体"
    )
    penalty_days = models.PositiveSmallIntegerField("行政处罚决定公示期限（工作日）", default=7)
    licence_days = models.PositiveSmallIntegerField("行政许可决定公示期限（工作日）", default=7)
    other_days = models.PositiveSmallIntegerField("其他执法决定公示期限（工作日）", default=20)
    withdrawal_days = models.PositiveSmallIntegerField("撤下期限（工作日）", default=3, help_text="部分地区规定为1个工作日")
    auto_publish = models.BooleanField(
        "自动公示", default=False, help_text="决定签发后按脱敏规则自动公示；依法不予公示的情形除外"
    )
    mask_party_names = models.BooleanField("隐去自然人当事人姓名", default=False, help_text="如“张某某”")
    withhold_warning_only = models.BooleanField("仅给予警告的处罚决定不予公示", default=False)
    masked_categories = models.JSONField(
        "脱敏项目", default=list, blank=True, help_text="身份证件号码始终隐去；为空表示采用全部默认项目"
    )
    extra_patterns = models.TextField(
        "自定义脱敏规则", blank=True, help_text="每行一条：名称|正则表达式，如“微信号|微信号[：:]\\s*\\S+”"
    )
    complaint_acceptance_days = models.PositiveSmallIntegerField("投诉举报受理期限（工作日）", default=7)
    report_due_month = models.PositiveSmallIntegerField("年度报告截止月", default=1)
    report_due_day = models.PositiveSmallIntegerField("年度报告截止日", default=31, help_text="部分地区为1月15日")
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "公示规则"
        verbose_name_plural = "公示规则"

    def __str__(self):
        return f"{self.agency} 公示规则"

    def clean(self):
        errors = {}
        for name in ("penalty_days", "licence_days", "other_days", "withdrawal_days", "complaint_acceptance_days"):
            if not 1 <= (getattr(self, name) or 0) <= 60:
                errors[name] = f"{self._meta.get_field(name).verbose_name}应在1至60之间"
        unknown = set(self.masked_categories or []) - set(masking.SWITCHABLE)
        if unknown:
            errors["masked_categories"] = f"未知的脱敏项目：{'、'.join(sorted(unknown))}"
        try:
            parse_patterns(self.extra_patterns)
        except ValueError as exc:
            errors["extra_patterns"] = str(exc)
        import datetime

        try:
            datetime.date(2001, self.report_due_month or 0, self.report_due_day or 0)
        except ValueError:
            errors["report_due_day"] = "年度报告截止日期不是有效的月、日"
        if errors:
            raise ValidationError(errors)


def parse_patterns(text: str) -> tuple:
    """``名称|正则`` lines → ((name, compiled), …); a bad line raises ValueError naming it."""
    import re

    patterns = []
    for number, line in enumerate((text or "").splitlines(), 1):
        if not line.strip():
            continue
        label, sep, expression = line.partition("|")
        if not sep or not label.strip() or not expression.strip():
            raise ValueError(f"第{number}行应写作“名称|正则表达式”")
        try:
            compiled = re.compile(expression.strip())
        except re.error as exc:
            raise ValueError(f"第{number}行的正则表达式有误：{exc}") from None
        if compiled.search(""):
            raise ValueError(f"第{number}行的正则表达式会匹配空文本")
        patterns.append((label.strip(), compiled))
    return tuple(patterns)


class ExceptionKind(models.TextChoices):
    """Legal grounds on which a decision is not published (P12 "legal exceptions"; DESIGN.md)."""

    MINOR = "minor", "涉及未成年人"
    STATE_SECRET = "state_secret", "涉及国家秘密"
    TRADE_SECRET = "trade_secret", "涉及商业秘密"
    PRIVACY = "privacy", "涉及个人隐私且无法脱敏"
    WARNING_ONLY = "warning_only", "仅给予警告的行政处罚"
    OTHER_LAW = "other_law", "法律、行政法规另有规定"


class WithdrawalKind(models.TextChoices):
    """Why a published decision comes down (P13; PL Art. 48)."""

    REVOKED = "revoked", "被依法撤销"
    UNLAWFUL = "unlawful", "被确认违法"
    REMADE = "remade", "被要求重新作出"
    CORRECTED = "corrected", "决定书已更正"
    EXCEPTION = "exception", "依法不应公开"


class Disclosure(models.Model):
    """One issued decision's way to the public, opened inside the transaction that issued it."""

    class Status(models.TextChoices):
        PENDING = "pending", "待公示"
        PUBLISHED = "published", "已公示"
        WITHHELD = "withheld", "依法不予公示"
        WITHDRAWN = "withdrawn", "已撤下"
        SUPERSEDED = "superseded", "已被更正版本取代"

    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="disclosures",
                               verbose_name="执法主体")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="disclosures", verbose_name="案件")
    document = models.OneToOneField("documents.Document", on_delete=models.PROTECT, related_name="disclosure",
                                    verbose_name="决定文书")
    category = models.CharField("执法类别", max_length=12, choices=Category.choices)
    title = models.CharField("文书名称", max_length=100)
    number = models.CharField("文书编号", max_length=100, blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.PENDING)
    opened_on = models.DateField("决定作出日期", help_text="公示期限自此日起算")
    due_on = models.DateField("公示期限届满日")
    due_confirmed = models.BooleanField("期限已按法定节假日确认", default=True)
    source_text = models.TextField("决定全文（内部）", help_text="签发文书的文字，仅供审核脱敏，不对外公开")
    extra_masks = models.JSONField("人工遮蔽词语", default=list, blank=True)
    keep_terms = models.JSONField("确认无需遮蔽的词语", default=list, blank=True,
                                  help_text="只对按称谓识别的姓名有效；案件中登记的人员姓名和号码始终隐去")
    exception_kind = models.CharField("不予公示情形", max_length=15, choices=ExceptionKind.choices, blank=True)
    exception_reason = models.TextField("不予公示理由及依据", blank=True)
    exception_recorded_at = models.DateTimeField("不予公示记录时间", null=True, blank=True)
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name="公示人")
    published_automatically = models.BooleanField("自动公示", default=False)
    withdrawal_kind = models.CharField("撤下原因", max_length=12, choices=WithdrawalKind.choices, blank=True)
    withdrawal_reason = models.TextField("撤下理由（公开）", blank=True)
    withdrawal_opened_on = models.DateField("撤下事由发生日期", null=True, blank=True,
                                            help_text="决定被撤销、确认违法或要求重新作出之日")
    withdrawal_due_on = models.DateField("撤下期限届满日", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤下时间", null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name="撤下人")
    superseded_by = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="supersedes", verbose_name="更正后的公示")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "执法决定公示"
        verbose_name_plural = "执法决定公示"
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["agency", "status", "due_on"], name="disclosure_agency_status_due"),
            models.Index(fields=["withdrawal_due_on"], name="disclosure_withdrawal_due"),
        ]

    def __str__(self):
        return f"{self.title}（{self.number}）" if self.number else self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def withdrawal_open(self) -> bool:
        return self.withdrawal_due_on is not None and self.withdrawn_at is None


class PublishedDecision(models.Model):
    """The public, desensitised copy of a decision: all the portal ever reads about it."""

    class Status(models.TextChoices):
        CURRENT = "current", "公示中"
        WITHDRAWN = "withdrawn", "已撤下"
        SUPERSEDED = "superseded", "已更新"

    disclosure = models.OneToOneField(Disclosure, on_delete=models.PROTECT, related_name="publication",
                                      verbose_name="公示记录")
    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+",
                               verbose_name="执法主体")
    agency_name = models.CharField("执法机关", max_length=100)
    category = models.CharField("执法类别", max_length=12, choices=Category.choices)
    title = models.CharField("文书名称", max_length=100)
    number = models.CharField("文书编号", max_length=100, blank=True)
    case_title = models.CharField("案由或事项", max_length=300)
    target = models.CharField("执法对象", max_length=200)
    target_kind = models.CharField("执法对象类型", max_length=20, blank=True)
    target_code = models.CharField("统一社会信用代码", max_length=18, blank=True, help_text="自然人不公开证件号码")
    conclusion = models.TextField("执法结论")
    basis = models.TextField("执法依据", blank=True)
    decided_on = models.DateField("决定日期")
    content = models.TextField("决定书正文（已脱敏）")
    fine_amount = models.DecimalField("罚款金额（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    confiscation_amount = models.DecimalField("没收金额（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    published_at = models.DateTimeField("公示时间")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.CURRENT)
    withdrawn_at = models.DateTimeField("撤下时间", null=True, blank=True)
    withdrawal_notice = models.TextField("撤下公告", blank=True)
    superseded_by = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="supersedes", verbose_name="更新后的决定")
    tokens = models.TextField("检索词", blank=True, help_text="jieba 分词结果，以空格分隔，供全文检索")

    class Meta:
        verbose_name = "已公示执法决定"
        verbose_name_plural = "已公示执法决定"
        ordering = ["-decided_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "-decided_on", "-id"], name="published_status_date"),
            models.Index(fields=["agency", "status", "-decided_on", "-id"], name="published_agency_date"),
            models.Index(fields=["category", "status", "-decided_on", "-id"], name="published_category_date"),
            models.Index(fields=["status", "-withdrawn_at"], name="published_withdrawn"),
            models.Index(fields=["number"], name="published_number"),  # looked up by 文号
            models.Index(fields=["target_code"], name="published_target_code"),  # and by credit code
        ]

    def __str__(self):
        return f"{self.title} {self.number}"

    @property
    def is_current(self) -> bool:
        return self.status == self.Status.CURRENT


class PostBoard(models.Model):
    """岗位信息公示牌 (P11): a service window's duties, people, sample materials and channels."""

    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="post_boards",
                               verbose_name="执法主体")
    name = models.CharField("岗位名称", max_length=100)
    location = models.CharField("窗口或办公地点", max_length=200, blank=True)
    duties = models.TextField("岗位职责")
    people = models.ManyToManyField("organizations.Person", blank=True, related_name="post_boards",
                                    verbose_name="在岗人员")
    item_codes = models.JSONField("办理事项编码", default=list, blank=True,
                                  help_text="本岗位办理的执法事项（按现行清单中的事项编码），公示其申请材料和服务指南")
    sample_materials = models.TextField("申请材料示范文本说明", blank=True)
    consultation = models.CharField("咨询服务", max_length=200, blank=True, help_text="咨询电话及时间")
    complaint_channel = models.CharField("投诉举报渠道", max_length=200, blank=True)
    is_published = models.BooleanField("已公示", default=False)
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "岗位信息公示牌"
        verbose_name_plural = "岗位信息公示牌"
        ordering = ["agency", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="uniq_post_board_name")]

    def __str__(self):
        return f"{self.agency.short_name} {self.name}"
