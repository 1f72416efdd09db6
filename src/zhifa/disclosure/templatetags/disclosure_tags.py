"""The disclosure card of the workbench and the disclosure panel of a case page."""

from django import template

from zhifa.annualreports.selectors import reports
from zhifa.complaints.selectors import complaints

from .. import permissions, selectors

register = template.Library()


@register.inclusion_tag("disclosure/_workbench.html", takes_context=True)
def disclosure_workbench(context):
    """What waits for the clerk: decisions to publish (overdue first), withdrawals due, complaints, reports."""
    user = context["request"].user
    if user.role not in permissions.READERS and user.role not in {"officer", "dept_head"}:
        return {"show": False}
    pending = selectors.disclosures(user, status="pending").select_related("agency")[:10]
    return {
        "show": True, "user": user, "counts": selectors.counts(user),
        "pending": [(d, selectors.timeliness(d)) for d in pending],
        "complaints_waiting": complaints(user, status="received").count(),
        "reports": reports(user).exclude(status="published")[:5],
        "manager": user.role in permissions.MANAGERS, "reads_disclosure": user.role in permissions.READERS,
    }


@register.inclusion_tag("disclosure/_case_disclosure.html", takes_context=True)
def case_disclosure(context, case):
    user = context["request"].user
    rows = selectors.case_disclosures(user, case)
    return {"rows": [(d, selectors.timeliness(d)) for d in rows], "reads": user.role in permissions.READERS}
