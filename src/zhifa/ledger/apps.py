from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "zhifa.ledger"
    verbose_name = "执法记录日志"
