"""The tus 1.0.0 resumable-upload endpoint (https://tus.io/protocols/resumable-upload): plain Django views.

Core protocol plus the creation, creation-with-upload, termination, checksum and expiration
extensions. Authenticated by session or API token (``Authorization: Token <key>``) and exempt
from Django's CSRF check: every request but OPTIONS must carry the custom ``Tus-Resumable``
header, which a cross-site form cannot send and a cross-site script cannot send without a CORS
preflight this server never grants. Errors are RFC 9457 problem details in Chinese.

The body is read with ``request.read(CHUNK)`` in a loop, never ``request.body``, so
``DATA_UPLOAD_MAX_MEMORY_SIZE`` does not apply and memory stays at one chunk per request.
"""

import base64
import binascii
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from zhifa.cases.selectors import get_case

from . import selectors, services, storage

TUS_VERSION = "1.0.0"
EXTENSIONS = "creation,creation-with-upload,termination,checksum,expiration"
CHECKSUMS = ("sha1", "sha256", "md5")
OFFSET_TYPE = "application/offset+octet-stream"
DRAIN_LIMIT = 64 * 1024 * 1024  # a refused request's unread body is read off and dropped up to this much


def _headers(response, **extra):
    response["Tus-Resumable"] = TUS_VERSION
    response["Cache-Control"] = "no-store"
    for name, value in extra.items():
        response[name.replace("_", "-")] = str(value)
    return response


def problem(status: int, detail: str, errors=None, **headers) -> HttpResponse:
    body = {"type": "about:blank", "title": TITLES.get(status, "错误"), "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status,
                            content_type="application/problem+json; charset=utf-8")
    return _headers(response, **headers)


TITLES = {
    400: "请求数据有误", 403: "无权操作", 404: "未找到", 405: "不支持的请求方法", 409: "上传偏移量不符",
    412: "不支持的协议版本", 413: "文件过大", 415: "不接受的文件", 423: "上传正在进行", 460: "校验值不符",
    507: "存储空间不足",
}


def _drain(request):
    """Read off what a refused request still has on the wire, in chunks (some servers would buffer it whole)."""
    left = min(_content_length(request) or 0, DRAIN_LIMIT)
    try:
        while left > 0 and (chunk := request.read(min(storage.CHUNK, left))):
            left -= len(chunk)
    except OSError:
        pass


def _content_length(request) -> int | None:
    try:
        value = int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None
    return value if value >= 0 else None


def _user(request):
    """The session user, else the API token's; ``None`` when neither (a bad token raises)."""
    if request.user.is_authenticated:
        return request.user
    found = TokenAuthentication().authenticate(request)
    return found[0] if found else None


def parse_metadata(header: str) -> dict:
    """``Upload-Metadata``: comma-separated ``key base64value`` pairs; values are UTF-8 text here."""
    metadata = {}
    for pair in (p.strip() for p in (header or "").split(",")):
        if not pair:
            continue
        key, _, encoded = pair.partition(" ")
        if not key or key in metadata:
            raise ValidationError({"Upload-Metadata": f"键“{key}”为空或重复"})
        try:
            metadata[key] = base64.b64decode(encoded.strip(), validate=True).decode("utf-8") if encoded else ""
        except (binascii.Error, UnicodeDecodeError):
            raise ValidationError({"Upload-Metadata": f"“{key}”的值不是 UTF-8 文本的 Base64 编码"}) from None
    return metadata


def _checksum(header: str):
    if not header:
        return None
    algorithm, _, encoded = header.strip().partition(" ")
    if algorithm.lower() not in CHECKSUMS:
        raise ValidationError({"Upload-Checksum": f"不支持的校验算法“{algorithm}”，可用：{', '.join(CHECKSUMS)}"})
    try:
        return algorithm.lower(), base64.b64decode(encoded, validate=True)
    except binascii.Error:
        raise ValidationError({"Upload-Checksum": "校验值不是 Base64 编码"}) from None


def _offset(request) -> int:
    value = request.headers.get("Upload-Offset", "")
    if not value.isdigit():
        raise ValidationError({"Upload-Offset": "必须提供非负整数的 Upload-Offset"})
    return int(value)


def _upload_headers(request, upload) -> dict:
    headers = {"Upload_Offset": upload.offset, "Upload_Length": upload.length,
               "Upload_Expires": http_date(upload.expires_at.timestamp())}
    if upload.evidence_id:
        headers["Zhifa_Evidence"] = reverse("evidence:detail", args=[upload.evidence_id])
    return headers


def _errors(error: ValidationError):
    if hasattr(error, "error_dict"):
        return {k: [str(m) for m in v] for k, v in error.message_dict.items()}
    return {"non_field_errors": error.messages}


def _answer_refusal(request, error):
    """The status and Chinese reason for a refused request, the unread body drained first."""
    _drain(request)
    if isinstance(error, services.UploadError):
        return problem(error.status, error.message, **{f"Upload_{k.title()}": v for k, v in error.headers.items()})
    if isinstance(error, ValidationError):
        errors = _errors(error)
        detail = "；".join(m for messages in errors.values() for m in messages)
        return problem(400, detail, errors=errors)
    if isinstance(error, Http404):
        return problem(404, "上传不存在、已过期或不属于您")
    if isinstance(error, PermissionDenied):
        return problem(403, str(error) or "您无权进行此操作")
    raise error


def _preamble(request, allowed: tuple[str, ...]):
    """Authenticate, check the method and the protocol version; a response when the request goes no further."""
    if request.method == "OPTIONS":
        return None, _options()
    try:
        user = _user(request)
    except exceptions.AuthenticationFailed as error:
        return None, problem(403, str(error.detail))
    if user is None:
        _drain(request)
        return None, problem(403, "需要登录或提供 API 令牌")
    if request.method not in allowed:
        _drain(request)
        methods = ", ".join(("OPTIONS", *allowed))
        return user, problem(405, f"此地址只接受 {methods}", Allow=methods)
    if request.headers.get("Tus-Resumable") != TUS_VERSION:
        _drain(request)
        return user, problem(412, f"仅支持 tus {TUS_VERSION}：请求必须带 Tus-Resumable: {TUS_VERSION}",
                             Tus_Version=TUS_VERSION)
    return user, None


def _options():
    response = HttpResponse(status=204)
    return _headers(response, Tus_Version=TUS_VERSION, Tus_Extension=EXTENSIONS, Tus_Max_Size=storage.max_upload(),
                    Tus_Checksum_Algorithm=",".join(CHECKSUMS))


@csrf_exempt
def uploads(request):
    """OPTIONS: what the server supports. POST: create an upload for the case named in the metadata."""
    user, refused = _preamble(request, ("POST",))
    if refused:
        return refused
    try:
        if request.headers.get("Upload-Defer-Length"):
            raise ValidationError({"Upload-Defer-Length": "不支持延后声明文件大小，请提供 Upload-Length"})
        length = request.headers.get("Upload-Length", "")
        if not length.isdigit():
            raise ValidationError({"Upload-Length": "必须提供非负整数的 Upload-Length（文件字节数）"})
        metadata = parse_metadata(request.headers.get("Upload-Metadata", ""))
        case_pk = metadata.get("case", "")
        if not case_pk.isdigit():
            raise ValidationError({"case": "必须在 Upload-Metadata 中提供案件编号（case）"})
        case = get_case(user, int(case_pk))
        upload = services.start_upload(user, case, length=int(length), metadata=metadata)
        body_length = _content_length(request) or 0
        if body_length and request.content_type == OFFSET_TYPE:
            services.receive(user, upload, request, offset=0, content_length=body_length,
                             checksum=_checksum(request.headers.get("Upload-Checksum", "")))
    except (services.UploadError, ValidationError, PermissionDenied, Http404) as error:
        if isinstance(error, Http404):
            _drain(request)
            return problem(404, "案件不存在或无权查看")
        return _answer_refusal(request, error)
    response = HttpResponse(status=201)
    response["Location"] = request.build_absolute_uri(reverse("evidence:upload", args=[upload.pk]))
    return _headers(response, **_upload_headers(request, upload))


@csrf_exempt
def upload(request, upload_id):
    """HEAD: how far it got. PATCH: more bytes. DELETE: give up. Only the upload's creator gets anywhere."""
    user, refused = _preamble(request, ("HEAD", "PATCH", "DELETE"))
    if refused:
        return refused
    try:
        found = selectors.get_upload(user, upload_id)
        if request.method == "HEAD":
            return _headers(HttpResponse(status=200), **_upload_headers(request, found))
        if request.method == "DELETE":
            services.terminate(user, found)
            return _headers(HttpResponse(status=204))
        if request.content_type != OFFSET_TYPE:
            _drain(request)
            return problem(415, f"PATCH 的 Content-Type 必须是 {OFFSET_TYPE}")
        offset = _offset(request)
        checksum = _checksum(request.headers.get("Upload-Checksum", ""))
        services.receive(user, found, request, offset=offset, content_length=_content_length(request),
                         checksum=checksum)
    except (services.UploadError, ValidationError, PermissionDenied, Http404) as error:
        return _answer_refusal(request, error)
    return _headers(HttpResponse(status=204), **_upload_headers(request, found))
