from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "zhifa.disclosure"
    verbose_name = "行政执法公示"
