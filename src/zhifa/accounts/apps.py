from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "zhifa.accounts"
    verbose_name = "账户与角色"
