from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "zhifa.core"
    verbose_name = "基础"

    def ready(self):
        from .shipped import restore_after_migrate

        post_migrate.connect(restore_after_migrate, sender=self, dispatch_uid="zhifa.core.shipped")
