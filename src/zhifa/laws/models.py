"""The law library (I6): laws, their versions and articles structured down to 条 / 款 / 项."""

from django.core.exceptions import ValidationError
from django.db import models

from .numerals import to_numeral


class Law(models.Model):
    """法律法规: one normative document across its revisions; the text lives in :class:`LawVersion`."""

    class Level(models.TextChoices):
        LAW = "law", "法律"
        ADMIN_REGULATION = "admin_regulation", "行政法规"
        LOCAL_REGULATION = "local_regulation", "地方性法规"
        DEPARTMENT_RULE = "department_rule", "部门规章"
        LOCAL_RULE = "local_rule", "地方政府规章"
        NORMATIVE = "normative", "规范性文件"

    class Status(models.TextChoices):
        IN_FORCE = "in_force", "现行有效"
        AMENDED = "amended", "已修改"
        REPEALED = "repealed", "已废止"

    title = models.CharField("标题", max_length=200, unique=True)
    short_titles = models.JSONField(
        "简称", default=list, blank=True, help_text="引用时使用的简称和别名，如“食品安全法”；“中华人民共和国”前缀自动省略"
    )
    issuing_body = models.CharField("制定机关", max_length=100, blank=True)
    level = models.CharField("效力级别", max_length=20, choices=Level.choices)
    promulgated_on = models.DateField("公布日期", null=True, blank=True)
    effective_on = models.DateField("施行日期", null=True, blank=True)
    status = models.CharField("时效性", max_length=12, choices=Status.choices, default=Status.IN_FORCE)
    changed_on = models.DateField("最近修改日期", null=True, blank=True, help_text="最近一次修正、修订或废止生效的日期（P9）")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "法律法规"
        verbose_name_plural = "法律法规"
        ordering = ["title"]

    def __str__(self):
        return self.title

    def clean(self):
        self.title = (self.title or "").strip()
        if not isinstance(self.short_titles, list) or not all(isinstance(s, str) and s.strip() for s in self.short_titles):
            raise ValidationError({"short_titles": "简称必须是非空文字的列表"})
        self.short_titles = [s.strip().strip("《》") for s in self.short_titles]
        if self.promulgated_on and self.effective_on and self.effective_on < self.promulgated_on:
            raise ValidationError({"effective_on": "施行日期不能早于公布日期"})

    def names(self) -> list[str]:
        """Every title a citation may use: full title, title without 中华人民共和国, short titles."""
        names = [self.title, *self.short_titles]
        if self.title.startswith("中华人民共和国"):
            names.append(self.title.removeprefix("中华人民共和国"))
        return list(dict.fromkeys(names))

    @property
    def current_version(self):
        return self.versions.filter(is_current=True).first()


class LawVersion(models.Model):
    """One text of a law, as promulgated or revised; exactly one version is current."""

    law = models.ForeignKey(Law, on_delete=models.CASCADE, related_name="versions", verbose_name="法律法规")
    label = models.CharField("版本说明", max_length=200, blank=True, help_text="如“2021年1月22日修订”")
    promulgated_on = models.DateField("公布日期", null=True, blank=True)
    effective_on = models.DateField("施行日期", null=True, blank=True)
    is_current = models.BooleanField("现行版本", default=True)
    source_name = models.CharField("来源文件", max_length=200, blank=True)
    source_sha256 = models.CharField("来源文件摘要", max_length=64, blank=True)
    preamble = models.TextField("题注", blank=True)
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = "法律法规版本"
        verbose_name_plural = "法律法规版本"
        ordering = ["law", "-effective_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["law"], condition=models.Q(is_current=True), name="one_current_law_version")
        ]

    def __str__(self):
        return f"{self.law.title}（{self.label or self.effective_on or '版本'}）"


class Article(models.Model):
    """条: numbered within its version; ``paragraphs`` holds the 款, each with its 项.

    ``paragraphs`` is ``[{"text": "...", "items": ["（一）...", ...]}, ...]``: the 款 and 项 of an
    article are an ordered tree that is always read whole, so it is stored whole.
    """

    version = models.ForeignKey(LawVersion, on_delete=models.CASCADE, related_name="articles", verbose_name="版本")
    ordinal = models.PositiveIntegerField("顺序")
    number = models.PositiveIntegerField("条号")
    suffix = models.PositiveSmallIntegerField("之几", default=0, help_text="“第十条之一”为1")
    part = models.CharField("编", max_length=100, blank=True)
    chapter = models.CharField("章", max_length=100, blank=True)
    section = models.CharField("节", max_length=100, blank=True)
    paragraphs = models.JSONField("款项", default=list)
    text = models.TextField("全文")

    class Meta:
        verbose_name = "条文"
        verbose_name_plural = "条文"
        ordering = ["version", "ordinal"]
        constraints = [models.UniqueConstraint(fields=["version", "number", "suffix"], name="unique_article_number")]
        indexes = [models.Index(fields=["version", "number"])]

    def __str__(self):
        return f"{self.version.law.title}{self.label}"

    @property
    def label(self) -> str:
        return article_label(self.number, self.suffix)

    def paragraph(self, number: int) -> dict | None:
        if 1 <= number <= len(self.paragraphs):
            return self.paragraphs[number - 1]
        return None


def article_label(number: int, suffix: int = 0) -> str:
    return f"第{to_numeral(number)}条" + (f"之{to_numeral(suffix)}" if suffix else "")


class ArticleTerm(models.Model):
    """A jieba search token of an article: the portable full-text index (see docs/rules.md)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=50, db_index=True)
    count = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "term"], name="unique_article_term")]

    def __str__(self):
        return self.term
