"""HTTP Range requests over a blob file (RFC 9110 §14): what a browser's <video> and <audio> need to seek.

One range is served as 206 Partial Content; several ranges, a malformed header or an ``If-Range``
that no longer matches get the whole file (200), which RFC 9110 allows; a range wholly past the
end is 416 with ``Content-Range: bytes */size``. Files are streamed in chunks, never loaded whole.
"""

import re

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

CHUNK = 1024 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class Unsatisfiable(Exception):
    pass


def parse(header: str, size: int) -> tuple[int, int] | None:
    """``(first, last)`` inclusive for one satisfiable range; ``None`` to send the whole file."""
    header = (header or "").strip()
    if not header or "," in header:
        return None
    match = _RANGE.match(header.replace(" ", ""))
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":  # suffix: the last N bytes
        length = int(last)
        if length == 0 or size == 0:
            raise Unsatisfiable
        return max(size - length, 0), size - 1
    first = int(first)
    if last and int(last) < first:
        return None  # syntactically invalid: ignore the header
    if first >= size:
        raise Unsatisfiable
    last = int(last) if last else size - 1
    return first, min(last, size - 1)


def _chunks(path, first: int, length: int):
    with open(path, "rb") as handle:
        handle.seek(first)
        while length > 0:
            chunk = handle.read(min(CHUNK, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk


def serve(request, path, *, size: int, content_type: str, etag: str, filename: str, attachment: bool):
    """The file at ``path`` as the request's Range asks; returns the response and the byte range served."""
    header = request.headers.get("Range", "")
    if_range = request.headers.get("If-Range")
    if if_range and if_range.strip() != etag:
        header = ""
    try:
        wanted = parse(header, size)
    except Unsatisfiable:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        return response, header
    if wanted is None:
        response = FileResponse(open(path, "rb"), content_type=content_type)  # noqa: SIM115 - closed by Django
        response["Content-Length"] = str(size)
        served = f"0-{size - 1}" if size else ""
    else:
        first, last = wanted
        response = StreamingHttpResponse(_chunks(path, first, last - first + 1), status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(last - first + 1)
        served = f"{first}-{last}"
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-transform"
    response["Content-Disposition"] = content_disposition_header(attachment, filename)
    return response, served
