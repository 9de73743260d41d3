"""Anonymous search is limited in bursts and per minute: 429, a clear page, Retry-After."""

import types

import pytest

from tests.factories.search import SearchEntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _real_rates(settings):
    del settings.SEARCH_RATES  # hub.settings.test loosens them for every other test


@pytest.fixture
def clock(monkeypatch):
    """The rate limiter's clock, moved by hand so a window never ends mid-test."""
    now = [1_800_000_000.0]
    monkeypatch.setattr("django_ratelimit.core.time", types.SimpleNamespace(time=lambda: now[0]))

    def advance(seconds):
        now[0] += seconds

    return advance


@pytest.fixture
def entries(db):
    SearchEntryFactory(kind="page", title="Paying care homes", body="How councils pay homes.")


def _search(client, path="/api/search/", **extra):
    return client.get(path, {"q": "care"}, **extra)


def test_a_third_search_within_a_second_gets_429_on_the_api_and_the_page(client, entries, clock):
    assert [_search(client).status_code for _ in range(2)] == [200, 200]
    refused = _search(client)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "1"
    assert "Wait 1 second" in refused.json()["error"]
    page = _search(client, "/search/")
    assert page.status_code == 429
    assert "Too many searches" in page.text
    assert page["Retry-After"] == "1"
    clock(1)
    assert _search(client).status_code == 200


def test_sixteen_searches_in_a_minute_are_too_many(client, entries, clock):
    statuses = []
    for _ in range(16):
        statuses.append(_search(client).status_code)
        clock(1)
    assert statuses == [200] * 15 + [429]
    refused = _search(client)
    assert 1 <= int(refused["Retry-After"]) <= 60
    clock(int(refused["Retry-After"]))
    assert _search(client).status_code == 200


def test_each_address_has_its_own_budget(client, entries, clock):
    for _ in range(3):
        _search(client, REMOTE_ADDR="198.51.100.1")
    assert _search(client, REMOTE_ADDR="198.51.100.1").status_code == 429
    assert _search(client, REMOTE_ADDR="198.51.100.2").status_code == 200


def test_members_are_not_limited(client, entries, make_actor, clock):
    client.force_login(make_actor("council_member"))
    assert {_search(client).status_code for _ in range(20)} == {200}


def test_suggestions_keep_their_own_looser_budget(client, entries, clock):
    for _ in range(3):
        _search(client)
    assert _search(client).status_code == 429
    assert client.get("/search/suggest/", {"q": "car"}).status_code == 200
