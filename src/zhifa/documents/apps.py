from django.apps import AppConfig
from django.db.models.signals import post_migrate


class DocumentsConfig(AppConfig):
    name = "zhifa.documents"
    verbose_name = "执法文书"

    def ready(self):
        from . import guards  # noqa: F401 - registers documents_issued and rights_notified
        from .loader import restore_after_migrate

        post_migrate.connect(restore_after_migrate, sender=self, dispatch_uid="zhifa.documents.loader")
