"""``{% case_documents_panel case as panel %}``: what the case page's document panel shows to this user."""

from django import template

from zhifa.cases import permissions

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def case_documents_panel(context, case):
    user = context["request"].user
    return {
        "documents": selectors.case_documents(user, case),
        "templates": selectors.templates_for_stage(case),
        "can_handle": permissions.can_handle(user, case) and not case.is_read_only,
    }
