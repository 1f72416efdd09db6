from django.apps import AppConfig


class SigningConfig(AppConfig):
    name = "zhifa.signing"
    verbose_name = "电子签章"
