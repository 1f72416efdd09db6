from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "zhifa.cases"
    verbose_name = "案件办理"

    def ready(self):
        from . import guards  # noqa: F401  registers the engine's guard implementations
