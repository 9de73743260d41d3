"""The documents API: each actor sees exactly the documents of the collections they may see,
in listings, by id, by search and by tag, and bad input is a 400 JSON answer."""

import pytest

from tests.resources import test_library
from tests.resources.test_library import CANARIES, SEES, login

documents = test_library.documents  # the same canary documents, one per collection

pytestmark = pytest.mark.django_db

LISTING = "/api/v2/documents/"


def titles(response):
    assert response.status_code == 200, response.content
    return " ".join(item["title"] for item in response.json()["items"])


@pytest.mark.parametrize("actor", SEES)
def test_each_actor_lists_and_opens_exactly_their_documents(client, make_actor, documents, actor):
    login(client, make_actor(actor))
    listing = titles(client.get(LISTING, {"limit": 50}))
    for key, word in CANARIES.items():
        visible = key in SEES[actor]
        assert (word in listing) == visible, (actor, key)
        detail = client.get(f"{LISTING}{documents[key].pk}/")
        assert detail.status_code == (200 if visible else 404), (actor, key)
        assert (word in detail.content.decode()) == visible, (actor, key)


def test_search_and_count_stay_inside_the_audience(client, documents):
    response = client.get(LISTING, {"search": "Quillmarsh"})
    assert response.json()["meta"]["total_count"] == 0
    response = client.get(LISTING, {"search": "report", "limit": 50})
    assert response.json()["meta"]["total_count"] == 1
    assert "Quillmarsh" not in response.content.decode()


def test_download_url_is_the_library_download_which_checks_again(client, make_actor, documents):
    login(client, make_actor("steering"))
    item = client.get(f"{LISTING}{documents['steering'].pk}/").json()
    assert item["meta"]["download_url"].endswith(f"/resources/{documents['steering'].pk}/download/")
    assert client.get(f"{LISTING}{documents['steering'].pk}/")["Cache-Control"] == (
        "private, no-store"
    )
    client.logout()
    assert client.get(item["meta"]["download_url"]).status_code == 404


def test_pending_member_does_not_see_members_documents_unlike_stock_wagtail(
    client, make_actor, documents
):
    login(client, make_actor("pending"))
    assert "Membermoss" not in titles(client.get(LISTING, {"limit": 50}))


@pytest.mark.parametrize(
    "params",
    [
        {"search": '"'},
        {"search": "a\x00b"},
        {"limit": "-1"},
        {"offset": "abc"},
        {"fields": "no_such_field"},
        {"order": "no_such_field"},
        {"no_such_filter": "1"},
        {"search": "x" * 400},
    ],
)
def test_bad_input_is_a_400_json_answer(client, documents, params):
    response = client.get(LISTING, params)
    assert response.status_code == 400
    assert "message" in response.json()


def test_listing_costs_the_same_for_few_and_many_documents(
    client, make_actor, library, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.resources import make_resource

    login(client, make_actor("programme_team"))
    client.get(LISTING)  # per-person answers cached on the first request (groups)
    counts = []
    for _ in range(2):
        for number in range(5):
            make_resource(collection=library["steering"], title=f"Paper {number}", tags=["a", "b"])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LISTING, {"limit": 50}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(12):
        client.get(LISTING, {"limit": 50})
