from django.apps import AppConfig


class LawsConfig(AppConfig):
    name = "zhifa.laws"
    verbose_name = "法律法规库"
