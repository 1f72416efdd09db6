from django import template

from zhifa.casefiles import rules

register = template.Library()


@register.simple_tag
def archive_deadline_of(case):
    """The archive deadline for the include on the case page (None before closure)."""
    return rules.archive_deadline(case)
