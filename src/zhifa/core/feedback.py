"""How every page tells a person that a service refused: on the form beside the field, or as a message.

A service raises ``ValidationError`` (bad input, naming the field and the rule) or ``ConflictError``
(someone else changed the record first); a page shows either in Chinese and changes nothing — never a
server error. One place, so every app words refusals the same way.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError

from .errors import ConflictError


def add_errors(form, exc: ValidationError):
    """Put a service's ``ValidationError`` on the form: beside the field it names, else above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def error_text(exc: ValidationError) -> str:
    """A ``ValidationError`` as one line for a message."""
    if hasattr(exc, "error_dict"):
        return "；".join(m for errors in exc.message_dict.values() for m in errors)
    return "；".join(exc.messages)


def form_errors(form) -> str:
    """A bound form's errors as one line for a message, each with its field's label."""
    return "；".join(f"{form[f].label if f in form.fields else ''}：{m}".lstrip("：")
                    for f, errors in form.errors.items() for m in errors)


def run_service(request, call, success: str, form=None):
    """Call a service; its refusal is shown (on ``form``, or as a message). The result (or True), or None."""
    try:
        result = call()
    except ConflictError as exc:
        (form.add_error(None, exc.message) if form is not None else messages.error(request, exc.message))
    except ValidationError as exc:
        (add_errors(form, exc) if form is not None else messages.error(request, error_text(exc)))
    else:
        messages.success(request, success)
        return result if result is not None else True
    return None
