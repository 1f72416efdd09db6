from django.apps import AppConfig


class AnnualReportsConfig(AppConfig):
    name = "zhifa.annualreports"
    verbose_name = "行政执法统计年报"
