from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "zhifa.disclosure"
    verbose_name = "行政执法公示"

    def ready(self):
        """Open a decision's disclosure inside the transaction that issues it (P12)."""
        from zhifa.documents.signals import document_issued

        from .receivers import decision_issued

        document_issued.connect(decision_issued, dispatch_uid="zhifa.disclosure.decision_issued")
