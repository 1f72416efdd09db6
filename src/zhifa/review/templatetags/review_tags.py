"""The case page's review panel: the case's review status, submissions and what the user may do."""

from django import template

from zhifa.cases import permissions
from zhifa.cases.major import major_decision

from .. import selectors
from ..models import Submission

register = template.Library()


@register.simple_tag(takes_context=True)
def review_panel(context, case):
    user = context["request"].user
    status = selectors.review_status(case)
    try:
        major, matches = major_decision(case)
    except Exception:  # noqa: BLE001 - a catalog problem must not break the case page; the gate still decides
        major, matches = None, []
    can_submit = (permissions.can_handle(user, case) and not case.is_read_only and case.decided_on is None
                  and status.code != "waiting" and status.code != "passed")
    return {
        "status": status, "major": major, "reasons": "；".join(m.reason for m in matches),
        "submissions": Submission.objects.filter(case=case).prefetch_related("opinions__document").order_by("number"),
        "can_submit": can_submit,
    }


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key, "")
