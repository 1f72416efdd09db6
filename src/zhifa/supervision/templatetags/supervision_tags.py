"""What other pages show of supervision: the case page's panel and the workbench's warnings."""

from django import template

from zhifa.accounts.roles import Role

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def case_supervision(context, case):
    """The case's open warnings, and who of the supervisors read it and why (R8: the agency sees it)."""
    user = context["request"].user
    return {
        "warnings": selectors.warnings(user, case=case),
        "accesses": selectors.accesses(user, case=case)[:20],
        "access": selectors.open_access(user, case) if user.role == Role.SUPERVISOR else None,
    }


@register.simple_tag(takes_context=True)
def workbench_warnings(context):
    """For every role: the warnings that reached me, the scope's counts, unread notifications."""
    user = context["request"].user
    if user.role not in selectors.STAFF_ROLES:
        return None
    return {
        "mine": selectors.my_warnings(user)[:10],
        "counts": selectors.warning_counts(user),
        "unread": selectors.notifications(user).filter(read_at__isnull=True).count(),
        "is_supervisor": user.role == Role.SUPERVISOR,
    }
