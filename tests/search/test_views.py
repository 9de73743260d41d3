"""The search page, its JSON, suggestions and tag pages, as a visitor meets them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.search import SearchEntryFactory
from tests.search.test_query import ODD_INPUTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(db):
    SearchEntryFactory(
        kind="resource",
        title="Top-up agreement template",
        body="A template for agreeing a third party top-up with the family.",
        organisation="Essex County Council",
        date=datetime.date(2014, 6, 2),
        tags=["top-ups"],
    )
    SearchEntryFactory(kind="page", title="Paying care homes", body="How councils pay homes.")


def test_api_answers_the_contract(client, entries):
    data = client.get("/api/search/", {"q": "top ups"}).json()
    assert set(data) == {
        "query",
        "engine",
        "degraded",
        "total",
        "page",
        "hits",
        "facets",
        "took_ms",
        # Added for spelling corrections (tests/search/test_spelling.py).
        "corrected_query",
        "corrections",
        # Added for totals counted up to a cap (test_a_capped_total_says_more_than).
        "total_exact",
    }
    assert (data["corrected_query"], data["corrections"]) == (None, {})
    assert data["total_exact"] is True
    assert data["engine"] == "database"
    assert data["degraded"] is False
    assert data["total"] == 1
    assert data["page"] == 1
    (hit,) = data["hits"]
    # The contract's fields, and "replaced" added beside them (newer guidance replaces it).
    assert set(hit) == {
        "kind",
        "title",
        "url",
        "snippet",
        "tags",
        "organisation",
        "date",
        "score",
        "replaced",
        # Added for dates known only to the month or year (test_date_precision.py).
        "date_precision",
    }
    assert hit["replaced"] is False
    assert hit["date_precision"] == "day"
    assert hit["kind"] == "resource"
    assert hit["date"] == "2014-06-02"
    assert hit["tags"] == ["top-ups"]
    assert "<mark>" in hit["snippet"]
    assert set(data["facets"]) == {"kind", "tag", "organisation", "year"}
    assert data["facets"]["kind"] == [{"value": "resource", "label": "Documents", "count": 1}]
    assert isinstance(data["took_ms"], int)


def test_search_page_shows_results_with_kind_date_organisation_and_filters(client, entries):
    response = client.get("/search/", {"q": "top ups"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Top-up agreement template" in html
    assert "Documents" in html
    assert "2 June 2014" in html
    assert "Essex County Council" in html
    assert 'name="kind" type="checkbox" value="resource"' in html
    assert "(1)" in html
    assert "<mark>" in html


def test_the_url_holds_filters_and_sort(client, entries):
    html = client.get("/search/", {"q": "care", "kind": "page", "sort": "newest"}).content.decode()
    assert 'value="page" checked' in html
    assert '<option value="newest" selected>' in html


def test_help_when_nothing_matches(client, entries):
    html = client.get("/search/", {"q": "zzzunknown"}).content.decode()
    assert "No results" in html
    assert "check the spelling" in html


@pytest.mark.parametrize("text", [*ODD_INPUTS, "\x00", "care\x00home", "a" * 2000])
@pytest.mark.parametrize("path", ["/search/", "/api/search/", "/search/suggest/"])
def test_odd_input_is_never_a_server_error(client, entries, path, text):
    response = client.get(path, {"q": text})
    assert response.status_code in (200, 400)
    if response.status_code == 400 and path != "/search/":
        assert response.json()["error"]


def test_script_in_the_query_is_escaped(client, entries):
    html = client.get("/search/", {"q": '"><svg onload=alert(1)>'}).content.decode()
    assert "<svg onload" not in html


def test_too_long_queries_are_refused_with_a_reason(client, entries):
    response = client.get("/api/search/", {"q": "word " * 40})
    assert response.status_code == 400
    assert "32 or fewer" in response.json()["error"]
    response = client.get("/search/", {"q": "x" * 501})
    assert response.status_code == 400
    assert "500 or fewer" in response.content.decode()


@pytest.mark.parametrize("page", ["0", "51", "-1", "abc", "9" * 30])
def test_page_numbers_are_bounded(client, entries, page):
    response = client.get("/api/search/", {"q": "care", "page": page})
    assert response.status_code == 400
    assert response.json()["error"]


def test_bad_filters_are_a_clear_400(client, entries):
    response = client.get("/api/search/", {"q": "care", "year": "twenty"})
    assert response.status_code == 400
    assert "four digits" in response.json()["error"]


def _queries(client, path, params):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, params).status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", ["/search/", "/api/search/", "/tags/", "/tags/common/"])
def test_query_count_does_not_grow_with_results(client, path, make_actor):
    client.force_login(make_actor("evaluator"))
    params = {"q": "common"} if "search" in path else {}
    for n in range(3):
        SearchEntryFactory(title=f"Common {n}", tags=["common", f"t{n}"])
    _queries(client, path, params)  # warm: session, synonym list
    few = _queries(client, path, params)
    for n in range(3, 30):
        SearchEntryFactory(title=f"Common {n}", tags=["common", f"t{n}"])
    assert _queries(client, path, params) == few


def test_suggest_offers_titles_and_tags(client, entries):
    data = client.get("/search/suggest/", {"q": "top"}).json()
    titles = [s["title"] for s in data["suggestions"]]
    assert "Top-up agreement template" in titles
    assert "top-ups" in titles


def test_tag_pages(client, entries):
    html = client.get("/tags/").content.decode()
    assert 'href="/tags/top-ups/"' in html
    html = client.get("/tags/top-ups/").content.decode()
    assert "Top-up agreement template" in html
    assert client.get("/tags/no-such-tag/").status_code == 404
    assert client.get("/tags/top-ups/", {"page": "abc"}).status_code == 200


@pytest.fixture
def small_count_cap(monkeypatch):
    """A phrase query counts its newest 12 matches, and 10 visible ones fill every page."""
    from search.engines import database
    from search.engines.postgres import PostgresBackend

    monkeypatch.setattr(database, "COUNT_CAP", 12)
    monkeypatch.setattr(PostgresBackend, "count_cap", 12)
    monkeypatch.setattr(database, "MAX_PAGE", 1)


def test_a_capped_total_says_more_than(client, small_count_cap):
    for n in range(15):
        SearchEntryFactory(title=f"Direct payment note {n}", body="About a direct payment.")
    data = client.get("/api/search/", {"q": "DP"}).json()  # a synonym of several words
    assert (data["total"], data["total_exact"]) == (12, False)
    assert sum(f["count"] for f in data["facets"]["kind"]) == 12
    page = client.get("/search/", {"q": "DP"}).content.decode()
    assert "More than 12 results" in page
    assert "Counts are of the newest 12 results." in page
    # Words alone (no phrase to check) are counted in full.
    data = client.get("/api/search/", {"q": "payment note"}).json()
    assert (data["total"], data["total_exact"]) == (15, True)


def test_a_capped_total_counts_only_what_the_viewer_may_see(client, small_count_cap):
    from django.contrib.auth.models import Group

    from hub.accounts.access import Audience

    Group.objects.get_or_create(name="Steering group")
    for n in range(11):
        SearchEntryFactory(title=f"Direct payment note {n}", body="About a direct payment.")
    for n in range(6):  # the newest matches, which an anonymous visitor may not see
        SearchEntryFactory(
            title=f"Direct payment minute {n}",
            audience=Audience.GROUPS,
            groups=["Steering group"],
        )
    # Of the newest 12 matches only 6 are visible: too few to fill every page, so everything
    # is counted, and the private entries are never among the counts.
    data = client.get("/api/search/", {"q": "DP"}).json()
    assert (data["total"], data["total_exact"]) == (11, True)
    assert all("minute" not in hit["title"] for hit in data["hits"])
    assert sum(f["count"] for f in data["facets"]["kind"]) == 11
