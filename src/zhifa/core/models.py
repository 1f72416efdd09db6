from django.db import models


class CalendarYear(models.Model):
    """A year whose holiday arrangement is known from the State Council's notice.

    A year without a row is computed on weekends alone and every result in it is flagged as
    unconfirmed (DESIGN.md "Working days").
    """

    year = models.PositiveIntegerField("年份", primary_key=True)
    notice_title = models.CharField("通知名称", max_length=200, blank=True)
    notice_number = models.CharField("通知文号", max_length=100, blank=True)
    shipped = models.BooleanField("随系统发布", default=False, editable=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "节假日年度"
        verbose_name_plural = "节假日年度"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年"


class CalendarDay(models.Model):
    """A date that departs from the Monday–Friday rule: a statutory rest day or an adjusted working day (调休)."""

    calendar_year = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days", verbose_name="年度")
    date = models.DateField("日期", unique=True)
    is_working_day = models.BooleanField("是否上班", help_text="勾选表示调休上班日，不勾选表示法定休息日")
    name = models.CharField("名称", max_length=50, blank=True)

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {'上班' if self.is_working_day else '休息'} {self.name}"


class NumberTemplate(models.Model):
    """How an agency writes the numbers of one action kind, e.g. ``{agency}{domain}{kind}〔{year}〕{seq}号``."""

    agency = models.ForeignKey("organizations.Agency", on_delete=models.CASCADE, verbose_name="执法主体")
    kind = models.CharField("编号类别", max_length=30, help_text="如：罚、立、检、强、许")
    template = models.CharField("编号模板", max_length=100, default="{agency}{domain}{kind}〔{year}〕{seq}号")
    domain = models.CharField("领域简称", max_length=20, blank=True)
    padding = models.PositiveSmallIntegerField("序号位数", default=0, help_text="0 表示不补零")

    class Meta:
        verbose_name = "编号规则"
        verbose_name_plural = "编号规则"
        constraints = [models.UniqueConstraint(fields=["agency", "kind"], name="uniq_number_template")]

    def __str__(self):
        return f"{self.agency} {self.kind}: {self.template}"

    def clean(self):
        from .numbering import validate_template

        validate_template(self.template)


class NumberSeries(models.Model):
    """The last number handed out per agency, kind and year; locked while a number is allocated."""

    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, verbose_name="执法主体")
    kind = models.CharField("编号类别", max_length=30)
    year = models.PositiveIntegerField("年份")
    last_value = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "编号序列"
        verbose_name_plural = "编号序列"
        constraints = [models.UniqueConstraint(fields=["agency", "kind", "year"], name="uniq_number_series")]

    def __str__(self):
        return f"{self.agency} {self.kind} {self.year}: {self.last_value}"
