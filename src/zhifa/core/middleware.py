"""Requests refused before any view: a NUL character in a parameter.

PostgreSQL cannot store or even compare text containing NUL (0x00), so a search box or filter given one
would fail deep in the database driver. Django's form fields refuse it field by field; this refuses it
for the query string and form bodies of every page and endpoint at once, with a clear 400.
"""

from django.http import JsonResponse
from django.shortcuts import render

MESSAGE = "请求参数“{name}”含有不允许的空字符（\\x00），请删除后重试"


def _nul_parameter(query) -> str | None:
    for name, values in query.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            return name.replace("\x00", "")
    return None


class RejectNulCharacters:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = _nul_parameter(request.GET)
        if name is None and request.content_type == "application/x-www-form-urlencoded":
            name = _nul_parameter(request.POST)
        if name is None:
            return self.get_response(request)
        message = MESSAGE.format(name=name)
        if request.path.startswith("/api/"):
            body = {"type": "about:blank", "title": "请求数据有误", "status": 400, "detail": message,
                    "instance": request.path}
            return JsonResponse(body, status=400, content_type="application/problem+json",
                                json_dumps_params={"ensure_ascii": False})
        return render(request, "errors/error.html", {"code": 400, "message": message}, status=400)
