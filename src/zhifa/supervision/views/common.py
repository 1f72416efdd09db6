"""What every supervision page does the same way: role checks, running a service, paging."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator

from zhifa.core.errors import ConflictError
from zhifa.core.views import _add_errors


def require_role(user, roles, message="您无权访问该页面"):
    if not user.is_authenticated or user.role not in roles:
        raise PermissionDenied(message)


def error_text(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "；".join(m for errors in exc.message_dict.values() for m in errors)
    return "；".join(exc.messages)


def form_errors(form) -> str:
    return "；".join(f"{form[f].label if f in form.fields else ''}：{m}".lstrip("：")
                    for f, errors in form.errors.items() for m in errors)


def run(request, call, success: str, form=None):
    """Call a service; its refusal is shown (on the form, or as a message), never a server error."""
    try:
        result = call()
    except ConflictError as exc:
        (form.add_error(None, exc.message) if form is not None else messages.error(request, exc.message))
    except ValidationError as exc:
        (_add_errors(form, exc) if form is not None else messages.error(request, error_text(exc)))
    else:
        messages.success(request, success)
        return result if result is not None else True
    return None


def page_of(request, queryset, size=30):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
