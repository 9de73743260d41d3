"""Per-request work done only when something asks for it: the user, the message storage and
the page-cache lookup. None of it may change who is told what, or what a shared cache keeps."""

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils.functional import empty

from hub import page_cache
from hub.middleware import LazyMessageMiddleware, PrivateCacheMiddleware
from tests.factories import pages as f

pytestmark = pytest.mark.django_db


def stack(view):
    """Session, user, messages and the private-cache rule around ``view``, as in settings."""
    handler = PrivateCacheMiddleware(view)
    handler = LazyMessageMiddleware(handler)
    handler = AuthenticationMiddleware(handler)
    return SessionMiddleware(handler)


def plain(request):
    return HttpResponse("the same for everyone")


def signed_in_request(rf, client, user):
    client.force_login(user)
    request = rf.get("/anything/")
    name = settings.SESSION_COOKIE_NAME
    request.COOKIES[name] = client.cookies[name].value
    return request


@pytest.mark.parametrize("actor", ["council_member", "programme_team", "steering"])
def test_an_answer_to_a_signed_in_user_is_private_though_the_view_never_asked_who(
    rf, client, make_actor, actor
):
    response = stack(plain)(signed_in_request(rf, client, make_actor(actor)))

    assert response["Cache-Control"] == "private"
    assert "Cookie" in response["Vary"]


def test_an_anonymous_answer_loads_no_user_and_still_varies_on_the_cookie(rf):
    request = rf.get("/anything/")
    with CaptureQueriesContext(connection) as captured:
        response = stack(plain)(request)

    assert len(captured) == 0
    assert request.user._wrapped is empty  # never loaded
    assert "Cache-Control" not in response
    assert response["Vary"] == "Cookie"  # a shared cache still keys on the session cookie


def test_an_existing_vary_header_gains_the_cookie(rf):
    def varies(request):
        response = HttpResponse("by language")
        response["Vary"] = "Accept-Language"
        return response

    response = stack(varies)(rf.get("/anything/"))

    assert response["Vary"] == "Accept-Language, Cookie"


def test_signing_in_during_the_request_makes_its_answer_private(rf, make_actor):
    user = make_actor("council_member")

    def signs_in(request):
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return HttpResponse("welcome")

    response = stack(signs_in)(rf.post("/sign-in/"))

    assert response["Cache-Control"] == "private"


def test_an_untouched_message_storage_is_never_made(rf):
    request = rf.get("/anything/", HTTP_COOKIE="messages=left-from-before")
    response = stack(plain)(request)

    assert request._messages._wrapped is empty
    assert "messages" not in response.cookies  # the pending messages stay for the next page


def test_a_message_added_is_shown_on_the_next_page(rf):
    def adds(request):
        messages.success(request, "Quillmere saved")
        return HttpResponse("saved")

    def shows(request):
        return HttpResponse(" ".join(str(m) for m in messages.get_messages(request)))

    first = stack(adds)(rf.post("/save/"))
    cookie = first.cookies["messages"].value
    assert cookie

    second = stack(shows)(rf.get("/next/", HTTP_COOKIE=f"messages={cookie}"))

    assert second.content == b"Quillmere saved"
    assert second.cookies["messages"].value == ""  # read, so the cookie is cleared


def count_lookups(monkeypatch):
    looked_up = []
    real_get = page_cache.cache.get

    def get(key, *args, **kwargs):
        looked_up.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(page_cache.cache, "get", get)
    return looked_up


def test_an_answer_that_is_no_page_costs_no_cache_lookup(client, monkeypatch):
    looked_up = count_lookups(monkeypatch)
    for _ in range(3):
        assert client.get("/healthz").status_code == 200

    assert not [key for key in looked_up if key.startswith(page_cache.KEY_PREFIX)]
    assert ("/healthz", "") not in page_cache._page_addresses


def test_a_public_page_is_looked_up_once_it_was_answered(client, monkeypatch):
    page = f.news("Quillmere lookups")
    looked_up = count_lookups(monkeypatch)
    client.get(page.url)  # rendered; noted as worth a lookup

    assert (page.url, "") in page_cache._page_addresses
    client.get(page.url)
    assert [key for key in looked_up if key.startswith(page_cache.KEY_PREFIX)]


def test_a_page_that_stops_being_public_is_forgotten(client):
    page = f.news("Quillmere soon restricted")
    for _ in range(3):
        client.get(page.url)
    f.restrict(page, "login")

    response = client.get(page.url)

    assert response.status_code == 302
    assert (page.url, "") not in page_cache._page_addresses


def test_the_addresses_kept_are_bounded(monkeypatch):
    monkeypatch.setattr(page_cache, "_page_addresses", {})
    monkeypatch.setattr(page_cache, "MAX_ADDRESSES", 2)
    for n in range(5):
        page_cache.remember((f"/news/?page={n}", ""))

    assert list(page_cache._page_addresses) == [("/news/?page=3", ""), ("/news/?page=4", "")]
