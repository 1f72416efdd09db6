from django.apps import AppConfig


class CasefilesConfig(AppConfig):
    name = "zhifa.casefiles"
    verbose_name = "案卷与归档"

    def ready(self):
        from zhifa.cases.services import ON_ENTER, on_enter

        from .services import archive_case_file

        # After the cases app's own archive hook (which marks the case archived): fix the case file.
        if archive_case_file not in ON_ENTER.get("archive", []):
            on_enter("archive")(archive_case_file)
