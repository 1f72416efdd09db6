"""Legal review of major decisions (L1–L7; PL Art. 57, 58).

A *submission* (报审) is one version of the proposed decision with its materials; a resubmission is
a new version pointing at the previous one. A reviewer of the agency's review body, or an adviser
from the shared pool, is *assigned*; the *opinion* (审核意见) carries the L3 checklist, each point
with a result and a note, and its reasons. The handling body may *contest* an opinion; the
coordination is recorded and an unresolved difference goes to the heads' collective discussion
(``cases.CollectiveDiscussion``). The agency head *approves* an agreed proposal. Every change goes
through :mod:`.services`, which writes the case's journal — the responsibility trail is read from it.
"""

from django.conf import settings
from django.db import models


class MaterialRequirement(models.Model):
    """One item of an agency's materials checklist; agencies without their own use the national one."""

    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="执法主体")
    code = models.SlugField("编码", max_length=40)
    name = models.CharField("材料名称", max_length=100)
    required = models.BooleanField("必须提交", default=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    help_text = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "报审材料清单项"
        verbose_name_plural = "报审材料清单"
        ordering = ["agency", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="uniq_review_material_code")]

    def __str__(self):
        return self.name


class Submission(models.Model):
    """报审: one version of the proposed decision, submitted by the handling body."""

    class Status(models.TextChoices):
        WAITING = "waiting", "待审核"
        RETURNED = "returned", "退回补充材料"
        REVIEWED = "reviewed", "已出具审核意见"
        SUPERSEDED = "superseded", "已重新报送"

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="review_submissions", verbose_name="案件")
    number = models.PositiveIntegerField("报审版本")
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_version", verbose_name="上一版本"
    )
    proposal = models.TextField("拟作出的执法决定")
    discretion_statement = models.TextField("裁量说明", blank=True)
    snapshot = models.JSONField("报审时的案件情况", default=dict)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.WAITING)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="报送人")
    submitted_at = models.DateTimeField("报送时间")
    due_on = models.DateField("审核期限")
    extension_days = models.PositiveIntegerField("延长工作日", default=0)
    returned_at = models.DateTimeField("退回时间", null=True, blank=True)
    return_reason = models.TextField("退回说明", blank=True)
    missing_items = models.JSONField("缺少或不符合要求的材料", default=list, blank=True)

    class Meta:
        verbose_name = "法制审核报审"
        verbose_name_plural = "法制审核报审"
        ordering = ["-submitted_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="uniq_review_submission_number")]

    def __str__(self):
        return f"{self.case.display_number} 第{self.number}版报审"

    @property
    def assignment(self):
        return self.assignments.order_by("-assigned_at", "-pk").first()

    @property
    def opinion(self):
        return self.opinions.order_by("-given_at", "-pk").first()


class Material(models.Model):
    """One material of a submission: an issued document or evidence of the case, an upload, or text."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="materials", verbose_name="报审")
    code = models.CharField("清单项编码", max_length=40)
    name = models.CharField("材料名称", max_length=100)
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name="案件文书")
    evidence = models.ForeignKey("evidence.Evidence", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name="证据")
    text = models.TextField("内容", blank=True)
    file_sha256 = models.CharField("上传文件SHA-256", max_length=64, blank=True)
    file_name = models.CharField("上传文件名", max_length=255, blank=True)

    class Meta:
        verbose_name = "报审材料"
        verbose_name_plural = "报审材料"
        ordering = ["pk"]

    def __str__(self):
        return self.name

    @property
    def description(self) -> str:
        """What the material is, in words (used in the version diff)."""
        parts = []
        if self.document_id:
            parts.append(f"文书《{self.document.title}》{self.document.number}")
        if self.evidence_id:
            parts.append(f"证据“{self.evidence.title}”")
        if self.file_name:
            parts.append(f"附件{self.file_name}（SHA-256 {self.file_sha256[:12]}…）")
        if self.text:
            parts.append(self.text)
        return "；".join(parts)


class Assignment(models.Model):
    """Who reviews a submission: a reviewer of the review body or an adviser of the shared pool (L1)."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="assignments", verbose_name="报审")
    person = models.ForeignKey("organizations.Person", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="review_assignments", verbose_name="法制审核人员")
    adviser = models.ForeignKey("organizations.Adviser", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="review_assignments", verbose_name="法律顾问或公职律师")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="指派人")
    assigned_at = models.DateTimeField("指派时间", auto_now_add=True)

    class Meta:
        verbose_name = "审核指派"
        verbose_name_plural = "审核指派"
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(person__isnull=False, adviser__isnull=True) | models.Q(person__isnull=True, adviser__isnull=False)),
                name="review_assignment_one_reviewer",
            )
        ]

    def __str__(self):
        return self.reviewer_name

    @property
    def reviewer_name(self) -> str:
        return self.person.name if self.person_id else str(self.adviser)


class CheckPoint(models.TextChoices):
    """The L3 checklist (重大执法决定法制审核办法)."""

    SUBJECT = "subject", "执法主体是否合法，执法人员是否具备执法资格"
    JURISDICTION = "jurisdiction", "是否超越本机关职权范围"
    FACTS = "facts", "案件事实是否清楚，证据是否确凿、充分"
    LAW = "law", "适用法律、法规、规章是否准确"
    PROCEDURE = "procedure", "程序是否合法"
    DISCRETION = "discretion", "行政裁量是否适当，是否符合裁量基准"
    DOCUMENTS = "documents", "执法文书是否规范、齐全"
    CRIME = "crime", "是否涉嫌犯罪需要移送司法机关"
    OTHER = "other", "其他需要审核的内容"


class Opinion(models.Model):
    """审核意见 (L4): agree, problems to correct (each tied to a checklist point), or transfer; reasons always."""

    class Kind(models.TextChoices):
        AGREE = "agree", "同意"
        CORRECT = "correct", "存在问题，需要纠正"
        TRANSFER = "transfer", "移送有权机关处理"

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="opinions", verbose_name="报审")
    kind = models.CharField("审核结论", max_length=10, choices=Kind.choices)
    reasons = models.TextField("理由")
    transfer_to = models.CharField("移送机关", max_length=200, blank=True)
    reviewer_name = models.CharField("审核人员", max_length=100)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="录入人")
    given_at = models.DateTimeField("出具时间")
    overdue = models.BooleanField("超过审核期限", default=False)
    working_days = models.PositiveIntegerField("审核用时（工作日）", default=0)
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name="法制审核意见书")

    class Meta:
        verbose_name = "审核意见"
        verbose_name_plural = "审核意见"
        ordering = ["given_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}（{self.reviewer_name}）"

    @property
    def problems(self):
        return self.checks.filter(result=CheckResult.Result.PROBLEM)


class CheckResult(models.Model):
    """One point of the L3 checklist with its result and note; a problem is something to correct."""

    class Result(models.TextChoices):
        PASS = "pass", "符合"
        PROBLEM = "problem", "存在问题"
        NOT_APPLICABLE = "na", "不适用"

    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="checks", verbose_name="审核意见")
    point = models.CharField("审核要点", max_length=20, choices=CheckPoint.choices)
    result = models.CharField("结果", max_length=10, choices=Result.choices)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "审核要点结果"
        verbose_name_plural = "审核要点结果"
        ordering = ["pk"]

    def __str__(self):
        return f"{self.get_point_display()}：{self.get_result_display()}"


class ProblemResponse(models.Model):
    """What the handling body says it did about one problem, when resubmitting."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="responses", verbose_name="报审")
    problem = models.ForeignKey(CheckResult, on_delete=models.PROTECT, related_name="responses", verbose_name="问题")
    action = models.TextField("整改情况")

    class Meta:
        verbose_name = "问题整改说明"
        verbose_name_plural = "问题整改说明"
        ordering = ["pk"]

    def __str__(self):
        return self.action[:40]


class Extension(models.Model):
    """A recorded extension of the review time limit, with its reason and who approved it."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="extensions", verbose_name="报审")
    days = models.PositiveIntegerField("延长工作日")
    reason = models.TextField("延长理由")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="批准人")
    approved_at = models.DateTimeField("批准时间", auto_now_add=True)

    class Meta:
        verbose_name = "审核期限延长"
        verbose_name_plural = "审核期限延长"
        ordering = ["pk"]

    def __str__(self):
        return f"延长{self.days}个工作日"


class Contest(models.Model):
    """The handling body disagrees with an opinion (L5): coordination, then the heads' discussion if unresolved."""

    class State(models.TextChoices):
        COORDINATING = "coordinating", "协调中"
        RESOLVED = "resolved", "协调一致"
        UNRESOLVED = "unresolved", "协调不一致，待集体讨论"
        DECIDED = "decided", "已集体讨论决定"

    class Decision(models.TextChoices):
        PROCEED = "proceed", "按承办机构意见作出决定"
        FOLLOW_OPINION = "follow_opinion", "按法制审核意见修改后重新报审"

    opinion = models.OneToOneField(Opinion, on_delete=models.PROTECT, related_name="contest", verbose_name="审核意见")
    reasons = models.TextField("异议理由")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="提出人")
    raised_at = models.DateTimeField("提出时间", auto_now_add=True)
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.COORDINATING)
    coordination = models.TextField("协调情况", blank=True)
    coordinated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name="协调记录人")
    coordinated_at = models.DateTimeField("协调时间", null=True, blank=True)
    discussion = models.OneToOneField("cases.CollectiveDiscussion", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="review_contest", verbose_name="集体讨论")
    decision = models.CharField("集体讨论决定", max_length=16, choices=Decision.choices, blank=True)

    class Meta:
        verbose_name = "审核意见异议"
        verbose_name_plural = "审核意见异议"
        ordering = ["pk"]

    def __str__(self):
        return f"对{self.opinion}的异议（{self.get_state_display()}）"


class HeadApproval(models.Model):
    """The agency head's approval of a proposal the review body agreed to (L6)."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="approvals", verbose_name="报审")
    approved = models.BooleanField("批准")
    comment = models.TextField("审批意见", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="审批人")
    decided_at = models.DateTimeField("审批时间", auto_now_add=True)

    class Meta:
        verbose_name = "负责人审批"
        verbose_name_plural = "负责人审批"
        ordering = ["pk"]

    def __str__(self):
        return "批准" if self.approved else "不批准"
