from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "zhifa.organizations"
    verbose_name = "执法主体与人员"
