"""The public page of the journal: its signing keys and latest checkpoint, and how to check them (R6)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from . import keys, selectors


@require_safe
def portal(request):
    signer = keys.load_signing_key()
    return render(request, "ledger/portal.html", {
        "signer": signer.public_key if signer else None,
        "trusted": keys.trusted_keys(),
        "checkpoint": selectors.latest_checkpoint(),
    })


@require_safe
@cache_control(max_age=60, public=True)
def checkpoint_text(request):
    """The latest checkpoint as plain text at ``…/checkpoint``, where C2SP tools look for it."""
    checkpoint = selectors.latest_checkpoint()
    if checkpoint is None:
        return HttpResponse("尚未签发检查点\n", status=404, content_type="text/plain; charset=utf-8")
    return HttpResponse(checkpoint.note, content_type="text/plain; charset=utf-8")
