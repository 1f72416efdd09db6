"""API conventions shared by every app: RFC 9457 problem details for every error."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import exception_handler

# The largest row id either database stores (64-bit): a larger number in a filter or body is a 400, not
# an overflow in the database driver.
MAX_ID = 2**63 - 1


def id_field(**kwargs):
    """A record id in a query or body: a positive 64-bit integer."""
    from rest_framework import serializers

    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


TITLES = {
    400: "请求数据有误",
    401: "需要登录",
    403: "无权操作",
    404: "未找到",
    405: "不支持的请求方法",
    409: "数据已被他人修改",
    413: "文件过大",
    415: "不支持的文件类型",
    429: "请求过于频繁",
}


def _django_validation_to_drf(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError({k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()})
    return exceptions.ValidationError({"non_field_errors": exc.messages})


def problem_exception_handler(exc, context):
    from .errors import ConflictError

    if isinstance(exc, ConflictError):
        exc = exceptions.APIException(exc.message)
        exc.status_code = status.HTTP_409_CONFLICT
    elif isinstance(exc, DjangoValidationError):
        exc = _django_validation_to_drf(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    code = response.status_code
    body = {"type": "about:blank", "title": TITLES.get(code, "错误"), "status": code}
    data = response.data
    if isinstance(data, dict) and set(data) == {"detail"}:
        body["detail"] = str(data["detail"])
    else:
        body["detail"] = "请检查以下字段" if code == status.HTTP_400_BAD_REQUEST else str(data)
        body["errors"] = data
    request = context.get("request")
    if request is not None:
        body["instance"] = request.get_full_path()
    response.data = body
    response.content_type = "application/problem+json"
    return response


def problem(status_code: int, detail: str, **extra) -> Response:
    body = {"type": "about:blank", "title": TITLES.get(status_code, "错误"), "status": status_code, "detail": detail}
    body.update(extra)
    return Response(body, status=status_code, content_type="application/problem+json")


class ObjectJSONParser(JSONParser):
    """Every JSON body of the API is an object of named fields: an array or a bare value is a 400 that
    says so, before any view or form sees it (a form given a list would fail with a server error)."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if not isinstance(data, dict):
            raise exceptions.ParseError("请求体须为 JSON 对象（以 { } 包围的字段），不能是数组或单个值")
        if _has_nul(data):
            raise exceptions.ParseError("请求体含有不允许的空字符（\\u0000），请删除后重试")
        return data


def _has_nul(value) -> bool:
    """PostgreSQL stores no NUL character in text: refuse it in any string of a JSON body."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False
