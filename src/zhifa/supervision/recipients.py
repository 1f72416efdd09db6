"""Who a warning reaches at each escalation level (I5).

Level 1 tells those responsible (the handling officers, the certificate holder, the assigned
reviewer, the list keepers, the disclosure clerks, the agency heads — as the rule says); level 2
adds the heads of the handling department; level 3 the agency heads; level 4 the supervisors whose
region covers the agency. The directory is loaded once per scan, so a scan of thousands of warnings costs a few
queries.
"""

from collections import defaultdict

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.core.validators import region_prefix
from zhifa.organizations.models import Agency

from .models import Escalation


class Directory:
    def __init__(self):
        self.by_person = {}
        self.by_agency_role = defaultdict(list)
        self.department_of = {}
        self.regional = []  # (role, prefix, user id)
        self.emails = {}
        users = User.objects.filter(is_active=True).exclude(role="").values_list(
            "pk", "role", "agency_id", "region_code", "person_id", "person__department_id", "email", "agency__region_code")
        for pk, role, agency_id, region_code, person_id, department_id, email, agency_region in users:
            self.emails[pk] = email
            if person_id:
                self.by_person[person_id] = pk
            if role in (Role.SUPERVISOR, Role.ADMIN):
                code = region_code or agency_region or ""
                if code:
                    self.regional.append((role, region_prefix(code), pk))
                continue
            if agency_id:
                self.by_agency_role[(agency_id, role)].append(pk)
                self.department_of[pk] = department_id
        self.region_of = dict(Agency.objects.values_list("pk", "region_code"))

    def _regional(self, role, agency_id) -> set[int]:
        code = self.region_of.get(agency_id, "")
        return {pk for r, prefix, pk in self.regional if r == role and code.startswith(prefix)}

    def responsible(self, rule, finding) -> set[int]:
        users = {self.by_person[p] for p in finding.responsible_people if p in self.by_person}
        users |= set(finding.responsible_users)
        agency = finding.agency_id
        if rule.responsible == "reviewers" and not users:
            users |= set(self.by_agency_role[(agency, Role.REVIEWER)])
        elif rule.responsible == "list_keepers":
            users |= set(self.by_agency_role[(agency, Role.PUBLISHER)]) | self._regional(Role.ADMIN, agency)
        elif rule.responsible == "publishers":
            users |= set(self.by_agency_role[(agency, Role.PUBLISHER)]) or set(self.by_agency_role[(agency, Role.AGENCY_HEAD)])
        elif rule.responsible == "agency_heads" or (rule.responsible == "officers" and not users):
            users |= set(self.by_agency_role[(agency, Role.AGENCY_HEAD)])
        return users

    def dept_heads(self, agency_id, department_id) -> set[int]:
        heads = self.by_agency_role[(agency_id, Role.DEPT_HEAD)]
        own = {pk for pk in heads if department_id and self.department_of.get(pk) == department_id}
        return own or set(heads)

    def recipients(self, rule, finding, escalation: int) -> set[int]:
        users = self.responsible(rule, finding)
        if escalation >= Escalation.DEPT_HEAD:
            users |= self.dept_heads(finding.agency_id, finding.department_id)
        if escalation >= Escalation.AGENCY_HEAD:
            users |= set(self.by_agency_role[(finding.agency_id, Role.AGENCY_HEAD)])
        if escalation >= Escalation.SUPERVISOR:
            users |= self._regional(Role.SUPERVISOR, finding.agency_id)
        return users
