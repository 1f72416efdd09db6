"""The portal keeps anonymous pages (P12, P16) and never shows one that is out of date.

A page is kept under the journal's head and the day: whatever a service records makes the next request
render afresh; a visitor with a session, a page that sets a cookie, an error are never kept.
"""

import datetime
from unittest import mock

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from zhifa.core import pagecache
from zhifa.disclosure import services
from zhifa.disclosure.models import Disclosure, WithdrawalKind

from .factories import issue_fast

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(publisher, head, case):
    return services.publish(publisher, Disclosure.objects.get(document=issue_fast(head, case)))


def test_the_second_anonymous_visit_is_served_from_the_cache_with_the_same_page(client, decision):
    first = client.get("/gs/decisions/")
    second = client.get("/gs/decisions/")
    assert (first["X-Zhifa-Cache"], second["X-Zhifa-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert decision.number in second.content.decode()
    assert second["Content-Type"] == first["Content-Type"]
    assert second["X-Frame-Options"] == "DENY"  # the response middleware still runs on a kept page


def test_a_withdrawal_recorded_after_a_page_was_kept_shows_at_once(client, publisher, decision):
    url = f"/gs/decisions/{decision.pk}/"
    client.get(url)
    assert client.get(url)["X-Zhifa-Cache"] == "hit"
    disclosure = Disclosure.objects.get(publication=decision)
    services.open_withdrawal(publisher, disclosure, kind=WithdrawalKind.REVOKED, reason="该决定已被复议机关撤销",
                             occurred_on=disclosure.opened_on, withdraw_now=True)
    page = client.get(url)
    assert page["X-Zhifa-Cache"] == "miss"
    assert "该决定已被复议机关撤销" in page.content.decode()
    assert "该决定已被复议机关撤销" in client.get("/gs/withdrawals/").content.decode()


def test_a_new_publication_reaches_the_list_and_the_feed_at_once(client, publisher, head, case, officers):
    from zhifa.testing import make_case

    from .factories import prepare

    client.get("/gs/decisions/")
    client.get("/gs/feeds/decisions.atom")
    later = prepare(head, make_case(head, officers=officers, stage="decision"), name="蚌埠市新近公示商贸有限公司")
    services.publish(publisher, Disclosure.objects.get(document=issue_fast(head, later)))
    assert "蚌埠市新近公示商贸有限公司" in client.get("/gs/decisions/").content.decode()
    assert "蚌埠市新近公示商贸有限公司" in client.get("/gs/feeds/decisions.atom").content.decode()


def test_pages_are_rendered_afresh_on_a_new_day(client, decision):
    client.get("/gs/decisions/")
    with mock.patch.object(pagecache.timezone, "localdate", return_value=datetime.date(2099, 1, 4)):
        assert client.get("/gs/decisions/")["X-Zhifa-Cache"] == "miss"


def test_a_visitor_with_a_session_is_never_served_a_kept_page(client, users, decision):
    from zhifa.accounts.roles import Role

    client.get("/gs/decisions/")
    client.force_login(users[Role.PUBLISHER])
    response = client.get("/gs/decisions/")
    assert response.status_code == 200
    assert "X-Zhifa-Cache" not in response


def test_errors_are_not_kept(client, decision):
    assert client.get("/gs/decisions/999999999/").status_code == 404
    assert "X-Zhifa-Cache" not in client.get("/gs/decisions/999999999/")
    assert client.get("/gs/decisions/?date_from=notadate").status_code == 400
    assert "X-Zhifa-Cache" not in client.get("/gs/decisions/?date_from=notadate")


def test_a_page_that_sets_a_cookie_or_is_private_is_not_kept():
    def with_cookie(request):
        response = HttpResponse("ok")
        response.set_cookie("csrftoken", "x")
        return response

    def private(request):
        response = HttpResponse("ok")
        response["Cache-Control"] = "private"
        return response

    factory = RequestFactory()
    for view in (with_cookie, private):
        wrapped = pagecache.public_page(view)
        wrapped(factory.get("/gs/x/"))
        assert "X-Zhifa-Cache" not in wrapped(factory.get("/gs/x/"))


def test_a_cache_lifetime_of_zero_keeps_nothing(client, settings, decision):
    settings.PORTAL_CACHE_SECONDS = 0
    client.get("/gs/decisions/")
    assert "X-Zhifa-Cache" not in client.get("/gs/decisions/")


def test_different_queries_are_different_pages(client, decision):
    client.get("/gs/decisions/?q=食品")
    response = client.get("/gs/decisions/?q=广告")
    assert response["X-Zhifa-Cache"] == "miss"


@pytest.mark.parametrize("url", ["/gs/", "/gs/roster/", "/gs/agencies/", "/gs/boards/", "/gs/withdrawals/",
                                 "/gs/data/", "/gs/reports/", "/gs/lists/powers/",
                                 "/gs/inspections/"])
def test_every_anonymous_portal_page_is_kept(client, decision, url):
    first = client.get(url)
    assert first.status_code == 200, url
    assert not first.cookies, f"{url} sets a cookie for an anonymous visitor"
    assert client.get(url)["X-Zhifa-Cache"] == "hit"


def test_portal_pages_answer_head_requests_too(client, decision):
    """Link checkers and monitors ask with HEAD: the same answer as GET, without the body."""
    response = client.head("/gs/decisions/")
    assert response.status_code == 200
    assert response.content == b""
    assert client.head(f"/gs/decisions/{decision.pk}/").status_code == 200
