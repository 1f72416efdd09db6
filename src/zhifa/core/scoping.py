"""Who may see what: every selector narrows its queryset through a :class:`Scope`.

A scope is derived from the signed-in user: roles bound to one agency see that agency; the
justice bureau's supervisors and the administrators see every agency whose region code starts
with their region prefix (GB/T 2260). Anonymous users have no scope at all.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .validators import region_prefix


@dataclass(frozen=True)
class Scope:
    role: str | None
    agency_id: int | None
    region_prefix: str | None

    @property
    def is_regional(self) -> bool:
        return self.agency_id is None and self.region_prefix is not None

    def agency_q(self, path: str = "agency") -> Q:
        """A filter on the agency reached by ``path`` (``"agency"``, ``"person__agency"``, ``""`` for agencies)."""
        prefix = f"{path}__" if path else ""
        if self.agency_id is not None:
            return Q(**{f"{prefix}pk": self.agency_id})
        if self.region_prefix is not None:
            return Q(**{f"{prefix}region_code__startswith": self.region_prefix})
        return Q(pk__in=[])

    def filter(self, queryset: QuerySet, path: str = "agency") -> QuerySet:
        if self.agency_id is None and self.region_prefix is None:
            return queryset.none()
        return queryset.filter(self.agency_q(path))

    def covers_agency(self, agency) -> bool:
        if agency is None:
            return False
        if self.agency_id is not None:
            return agency.pk == self.agency_id
        if self.region_prefix is not None:
            return agency.region_code.startswith(self.region_prefix)
        return False


NO_SCOPE = Scope(None, None, None)


def scope_for(user) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active or not user.role:
        return NO_SCOPE
    from zhifa.accounts.roles import REGIONAL_ROLES

    if user.role in REGIONAL_ROLES:
        code = user.region_code or (user.agency.region_code if user.agency_id else "")
        return Scope(user.role, None, region_prefix(code) if code else None)
    if user.agency_id is None:
        return NO_SCOPE
    return Scope(user.role, user.agency_id, None)
