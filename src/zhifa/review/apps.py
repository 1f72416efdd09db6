from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "zhifa.review"
    verbose_name = "法制审核"

    def ready(self):
        """Fill the case engine's legal-review gate (PL Art. 58) with this app's verdict."""
        from zhifa.cases.guards import REVIEW_GATE

        from .services import gate

        REVIEW_GATE["check"] = gate
