"""The public verification pages (P10, R6): is this copy of a document genuine, who issued it, when."""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from .forms import VerifyForm
from .selectors import public_document, public_document_by_digest


def _bound_form(request):
    if request.method == "POST":
        return VerifyForm(request.POST, request.FILES)
    if "sha256" in request.GET:
        return VerifyForm(request.GET)
    return None


def _noindex(response):
    """Document tokens are shared by QR code, not by search engines."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_http_methods(["GET", "POST"])
def verify(request):
    """Anyone checks a PDF they received, by uploading it or pasting its SHA-256 digest."""
    form = _bound_form(request)
    if form is None:
        return render(request, "signing/verify.html", {"form": VerifyForm()})
    if not form.is_valid():
        return render(request, "signing/verify.html", {"form": form}, status=400)
    digest = form.cleaned_data["digest"]
    document = public_document_by_digest(digest)
    if document is None:
        return render(request, "signing/verify.html", {"form": form, "unmatched": digest}, status=404)
    context = {"document": document, "verdict": "match", "digest": digest, "form": VerifyForm()}
    return _noindex(render(request, "signing/document.html", context))


@require_http_methods(["GET", "POST"])
def document(request, token):
    """Where the QR code printed on a document leads; a copy can be checked against it here."""
    document = public_document(token)
    if document is None:
        return _noindex(render(request, "signing/unknown.html", status=404))
    form, verdict, digest, status = VerifyForm(), None, None, 200
    bound = _bound_form(request)
    if bound is not None:
        if bound.is_valid():
            digest = bound.cleaned_data["digest"]
            verdict = "match" if digest == document.sha256 else "mismatch"
        else:
            form, status = bound, 400
    context = {"document": document, "verdict": verdict, "digest": digest, "form": form}
    return _noindex(render(request, "signing/document.html", context, status=status))
