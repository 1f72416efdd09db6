from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "zhifa.catalog"
    verbose_name = "清单与规则"
