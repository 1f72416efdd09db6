"""What every supervision page does the same way: role checks and paging (services run through
``zhifa.core.feedback.run_service``)."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator


def require_role(user, roles, message="您无权访问该页面"):
    if not user.is_authenticated or user.role not in roles:
        raise PermissionDenied(message)


def page_of(request, queryset, size=30):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
