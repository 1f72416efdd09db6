"""``{% case_evidence_rows case user as ev %}``: what the case page's evidence include shows."""

from django import template

from zhifa.cases import permissions

from .. import selectors

register = template.Library()


@register.simple_tag
def case_evidence_rows(case, user):
    """The case's evidence (withdrawn items shown, marked) and whether ``user`` may upload more."""
    if not permissions.can_read(user, case):
        return {"items": [], "can_upload": False}
    return {
        "items": list(selectors.evidence(user, case)),
        "can_upload": permissions.can_handle(user, case) and not case.is_read_only,
    }
