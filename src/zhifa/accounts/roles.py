"""The roles of DESIGN.md "Who uses it", with what each may do in the organisation registry."""

from django.db import models


class Role(models.TextChoices):
    OFFICER = "officer", "执法人员"
    DEPT_HEAD = "dept_head", "承办机构负责人"
    REVIEWER = "reviewer", "法制审核人员"
    AGENCY_HEAD = "agency_head", "机关负责人"
    SUPERVISOR = "supervisor", "执法监督人员"
    PUBLISHER = "publisher", "公示管理员"
    ADMIN = "admin", "系统管理员"


# Roles whose scope is a region (every agency under a GB/T 2260 prefix) rather than one agency.
REGIONAL_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})

# Who may change the organisation registry. The administrator configures the jurisdiction
# (agencies, people, certificates); an agency head keeps the agency's own roster, training
# and equipment up to date. Nobody else changes it.
REGISTRY_EDITORS = frozenset({Role.ADMIN, Role.AGENCY_HEAD})
AGENCY_EDITORS = frozenset({Role.ADMIN})
