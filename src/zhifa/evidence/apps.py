from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "zhifa.evidence"
    verbose_name = "证据与音像记录"

    def ready(self):
        from . import guards, tasks  # noqa: F401 - registers the av_attached guard and the expiry task
