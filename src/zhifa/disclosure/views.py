"""The public portal (P3 for now): officer verification by certificate number or QR code."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from zhifa.organizations.selectors import public_certificate

from . import qr


@require_GET
def home(request):
    return render(request, "disclosure/home.html")


@require_GET
def officer_search(request):
    number = request.GET.get("number", "").strip()
    error = None
    if number:
        if public_certificate(number):
            return redirect("disclosure:officer_detail", number=number)
        error = f"未查询到执法证号为“{number[:30]}”的执法人员，请核对证号"
    return render(request, "disclosure/officer_search.html", {"number": number, "error": error}, status=404 if error else 200)


@require_GET
def officer_detail(request, number):
    cert = public_certificate(number)
    if cert is None:
        raise Http404
    return render(request, "disclosure/officer_detail.html", {"cert": cert, "qr_svg": qr.svg(qr.certificate_url(cert.number))})


@require_GET
@cache_control(max_age=3600, public=True)
def officer_qr(request, number):
    """The QR code printed on the certificate; it leads to the verification page (亮证)."""
    if public_certificate(number) is None:
        raise Http404
    return HttpResponse(qr.svg(qr.certificate_url(number), scale=6), content_type="image/svg+xml")
