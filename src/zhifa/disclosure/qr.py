"""QR codes printed on certificates and documents, drawn locally as SVG (no external service)."""

import io

import segno
from django.conf import settings
from django.urls import reverse


def public_url(path: str) -> str:
    return settings.ZHIFA["PUBLIC_BASE_URL"].rstrip("/") + path


def certificate_url(number: str) -> str:
    return public_url(reverse("disclosure:officer_detail", args=[number]))


def svg(data: str, *, scale: int = 4) -> str:
    buffer = io.BytesIO()
    segno.make(data, error="m").save(buffer, kind="svg", scale=scale, xmldecl=False, svgns=True, title="二维码")
    return buffer.getvalue().decode("utf-8")
