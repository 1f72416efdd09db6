from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "zhifa.supervision"
    verbose_name = "执法监督"

    def ready(self):
        """Register the warning rules, open the cases app's supervised read path, listen for changes."""
        from django.db.models.signals import post_migrate

        from zhifa.cases import selectors

        from . import rules, triggers  # noqa: F401 - importing registers the rules and connects the signals
        from .checklist import restore_after_migrate
        from .selectors import supervised_case_ids

        selectors.SUPERVISED_ACCESS["case_ids"] = supervised_case_ids
        post_migrate.connect(restore_after_migrate, sender=self, dispatch_uid="supervision-default-checklist")
