"""A cache for the public portal's anonymous pages, keyed by the state of the journal (P12, P16).

Every change to what the portal shows — a decision published or withdrawn, a list version, an officer's
certificate, a complaint's progress — is made by a service that appends to the journal in the same
transaction. The journal's tree head (size and frontier hashes) therefore names the state of everything
published: a page kept under one head is never served once anything has been recorded after it, and a
reader sees the new head only when the change it records is visible too. The day is in the key as well
(a certificate lapses, a deadline passes, with no journal entry), and ``PORTAL_CACHE_SECONDS`` bounds the
life of a page (configuration edited outside the services).

Only what is the same for everybody is kept: GET and HEAD without a session cookie, answered 200 with no
cookie set and nothing private. One indexed single-row read decides a hit; a hit renders nothing.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone

HEADER = "X-Zhifa-Cache"


def journal_state() -> str:
    """A short digest of the journal's tree head; it changes with every entry appended."""
    from zhifa.ledger.models import TreeHead

    head = TreeHead.objects.values_list("size", "frontier").order_by("pk").first()
    if head is None:
        return "empty"
    size, frontier = head
    return f"{size}-{hashlib.blake2b(bytes(frontier), digest_size=8).hexdigest()}"


def _key(request) -> str:
    path = hashlib.blake2b(request.get_full_path().encode(), digest_size=16).hexdigest()
    return f"zhifa:page:{journal_state()}:{timezone.localdate().isoformat()}:{path}"


def _cacheable_request(request) -> bool:
    return (settings.PORTAL_CACHE_SECONDS > 0 and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES)


def _cacheable_response(response) -> bool:
    control = response.get("Cache-Control", "")
    return (response.status_code == 200 and not response.streaming and not response.cookies
            and "private" not in control and "no-store" not in control)


def public_page(view):
    """Decorate a portal view whose page is the same for every anonymous visitor."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        kept = cache.get(key)
        if kept is not None:
            status, headers, content = kept
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response[HEADER] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if _cacheable_response(response):
            cache.set(key, (response.status_code, list(response.items()), response.content),
                      settings.PORTAL_CACHE_SECONDS)
            response[HEADER] = "miss"
        return response

    return wrapper
