"""Misspelt words are corrected to the nearest frequent word the viewer may see, and to no other.

The database engine runs here on SQLite (``make test``) and on PostgreSQL (CI, or
``DATABASE_URL``); the Elasticsearch engine's counting requests are evaluated against the
documents it would index, as in ``test_privacy``.
"""

import json

import pytest

from hub.accounts import access, roles
from hub.accounts.access import Audience
from search import selectors, spelling
from search.engines import database_engine
from search.engines.elastic import ElasticEngine
from search.models import SearchWord
from search.query import parse
from tests.factories.search import SearchEntryFactory
from tests.privacy import ACTOR_ROLES, sees
from tests.search.elastic_stub import NOTHING_FOUND, StubElasticsearch
from tests.search.test_privacy import admits

pytestmark = pytest.mark.django_db
STEERING = (roles.STEERING_GROUP,)


def correction(text, user=None, **options):
    outcome = selectors.search(user=user, text=text, **options)
    return outcome.correction.words if outcome.correction else None


def test_a_word_found_nowhere_is_corrected_and_its_correction_searched():
    for number in range(3):
        SearchEntryFactory(title=f"Brokerage notes {number}")
    SearchEntryFactory(title="Invoices")
    outcome = selectors.search(user=None, text="Brokrage notes")
    assert outcome.correction.words == {"brokrage": "brokerage"}
    assert outcome.correction.text == "brokerage notes"
    assert outcome.typed == "Brokrage notes"
    assert {hit.title for hit in outcome.result.hits} == {f"Brokerage notes {n}" for n in range(3)}


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("brokreage", "brokerage"), ("brokerge", "brokerage"), ("borkerage", "brokerage"),
     ("invioce", "invoice"), ("invoce", "invoice")],
)  # fmt: skip
def test_a_swapped_doubled_or_dropped_letter_is_corrected(typed, meant):
    SearchEntryFactory(title="Brokerage and the invoice")
    assert correction(typed) == {typed: meant}


def test_the_nearest_word_wins_over_a_more_frequent_farther_one():
    SearchEntryFactory(title="Wrenlax")
    for _ in range(3):
        SearchEntryFactory(title="Wrenloxx")
    assert correction("wrenlix") == {"wrenlix": "wrenlax"}  # one edit, not two


def test_words_that_are_found_short_words_numbers_and_phrases_are_left_as_typed():
    SearchEntryFactory(title="Brokerage", body="care 2014 cart")
    SearchEntryFactory(title="Brokerages and carts")
    assert correction("brokerage") is None
    assert correction("crt") is None  # three letters: too short to guess at
    assert correction("2015") is None
    assert correction('"brokrage notes"') is None
    assert correction("brokrage", verbatim=True) is None


def test_a_rare_word_is_corrected_only_to_a_far_more_frequent_one():
    SearchEntryFactory(title="Wrenlox")
    for _ in range(spelling.RATIO - 1):
        SearchEntryFactory(title="Wrenlax")
    # Seen once, its neighbour not fifty times as often: a real word, not a slip.
    assert correction("wrenlox") is None
    SearchEntryFactory(title="Wrenlax")
    assert correction("wrenlox") == {"wrenlox": "wrenlax"}


def test_a_rare_word_is_never_corrected_to_a_shorter_or_longer_form_of_itself():
    SearchEntryFactory(title="Paid directly", body="carer")
    for number in range(spelling.RATIO):
        SearchEntryFactory(title=f"Direct care {number}")
    assert correction("directly") is None
    assert correction("carer") is None
    assert correction("directlyy") == {"directlyy": "directly"}  # found nowhere: corrected


def test_a_word_found_nowhere_is_corrected_by_a_letter_at_its_end_but_not_by_a_suffix():
    for number in range(3):
        SearchEntryFactory(title=f"Direct payment {number}")
    assert correction("directly") is None  # another word, not a slip
    assert correction("paymentt") == {"paymentt": "payment"}
    assert correction("paymen") == {"paymen": "payment"}


def test_every_saved_entry_adds_its_words_to_the_candidates():
    SearchEntryFactory(title="Kestrel", body="Brokerage", summary="invoicing", tags=["Wrens"])
    words = set(SearchWord.objects.values_list("word", flat=True))
    assert {"kestrel", "brokerage", "invoicing", "wrens"} <= words


def test_record_all_fills_the_list_after_a_bulk_write():
    SearchEntryFactory(title="Placeholder")
    SearchWord.objects.all().delete()
    spelling.record_all()
    assert set(SearchWord.objects.values_list("word", flat=True)) == {"placeholder"}


# --- Privacy ---------------------------------------------------------------------------------


@pytest.fixture
def near_misses(db):
    """ "wrenlax" in one public entry; "wrenlox", one edit away too, in three steering group
    entries; "quillwort" only in a steering group entry."""
    public = [SearchEntryFactory(title="Canary notes", body="wrenlax")]
    private = [
        SearchEntryFactory(
            title=f"Steering notes {number}",
            body="wrenlox quillwort" if number == 0 else "wrenlox",
            audience=Audience.GROUPS,
            groups=[roles.STEERING_GROUP],
        )
        for number in range(3)
    ]
    return public + private


@pytest.mark.parametrize("actor_name", ACTOR_ROLES)
def test_the_database_engine_corrects_only_from_what_each_actor_may_see(
    actor_name, make_actor, near_misses, settings
):
    user = make_actor(actor_name)
    inside = sees(actor_name, STEERING)
    # The private word is three times as common, but only for those who may see it.
    assert correction("wrenlix", user) == {"wrenlix": "wrenlox" if inside else "wrenlax"}
    assert correction("quillwart", user) == ({"quillwart": "quillwort"} if inside else None)


def test_no_channel_offers_a_private_word_to_anyone_outside_its_audience(client, near_misses):
    page = client.get("/search/", {"q": "quillwart"})
    api = client.get("/api/search/", {"q": "quillwart"})
    suggest = client.get("/search/suggest/", {"q": "quillw"})
    for response in (page, api, suggest):
        assert response.status_code == 200
        assert "quillwort" not in response.content.decode()
    assert api.json()["corrected_query"] is None


def test_the_page_says_what_it_searched_and_links_to_the_words_as_typed(client, near_misses):
    page = client.get("/search/", {"q": "Wrenlix", "kind": "thread"})
    html = page.content.decode()
    assert "Showing results for <strong>wrenlax</strong>" in html
    assert "search instead for" in html
    link = html.split("search instead for")[1].split('href="')[1].split('"')[0]
    assert "q=Wrenlix" in link and "verbatim=1" in link and "kind=thread" in link
    verbatim = client.get("/search/" + link.replace("&amp;", "&"))
    assert "Showing results for" not in verbatim.content.decode()
    assert "Nothing you can see matches" in verbatim.content.decode()


def test_the_api_adds_the_correction_beside_the_query_as_typed(client, near_misses):
    body = client.get("/api/search/", {"q": "Wrenlix notes"}).json()
    assert body["query"] == "Wrenlix notes"
    assert body["corrected_query"] == "wrenlax notes"
    assert body["corrections"] == {"wrenlix": "wrenlax"}
    assert [hit["title"] for hit in body["hits"]] == ["Canary notes"]
    verbatim = client.get("/api/search/", {"q": "Wrenlix notes", "verbatim": "1"}).json()
    assert verbatim["corrected_query"] is None
    assert verbatim["corrections"] == {}


def _matches_word(clause, source) -> bool:
    """Whether a ``multi_match`` of one word matches a document's text (no stemming needed:
    the test's words are the documents' own)."""
    ((kind, spec),) = clause.items()
    assert kind == "multi_match", clause
    text = " ".join(str(source.get(field) or "") for field in ("title", "summary", "body"))
    return spec["query"] in text.lower().split()


@pytest.mark.parametrize("actor_name", ACTOR_ROLES)
def test_elasticsearch_counts_only_what_each_actor_may_see(actor_name, make_actor, near_misses):
    viewer = access.viewer_for(make_actor(actor_name))
    inside = sees(actor_name, STEERING)
    documents = []  # what the engine would index, read below

    def count(body):
        query = body["query"]["bool"]
        assert body["size"] == 0 and body["track_total_hits"] >= spelling.RARE + 1
        return sum(
            all(admits(c, doc) for c in query["filter"]) and _matches_word(query["must"][0], doc)
            for doc in documents
        )

    with StubElasticsearch(NOTHING_FOUND, count=count) as stub:
        engine = ElasticEngine(stub.url, alias="hub-search", timeout=5, cooldown=0)
        documents += [doc["_source"] for doc in engine._documents([e.pk for e in near_misses])]
        wren = engine.correct(viewer, parse("wrenlix"))
        quill = engine.correct(viewer, parse("quillwart"))
    assert wren.words == {"wrenlix": "wrenlox" if inside else "wrenlax"}
    assert (quill.words if quill else None) == ({"quillwart": "quillwort"} if inside else None)
    assert stub.requests and all("/_msearch" in path for _, path, _ in stub.requests)


def test_elasticsearch_corrections_come_from_the_database_when_the_cluster_is_down(near_misses):
    from tests.search.elastic_stub import closed_port_url

    engine = ElasticEngine(closed_port_url(), alias="hub-search", timeout=1, cooldown=0)
    anonymous = access.viewer_for(None)
    assert engine.correct(anonymous, parse("wrenlix")).words == {"wrenlix": "wrenlax"}
    assert database_engine().correct(anonymous, parse("wrenlix")).words == {"wrenlix": "wrenlax"}


def test_count_requests_hold_the_audience_filter():
    from search.engines.elastic_docs import count_bodies

    (body,) = count_bodies(access.viewer_for(None), ["wrenlax"], 10)
    assert json.dumps(body["query"]["bool"]["filter"]).count('"audience"') >= 1
    assert body["query"]["bool"]["must"][0]["multi_match"]["query"] == "wrenlax"


def test_replacing_words_keeps_the_rest_as_typed():
    text = 'Brokrage, "care home" and BROKRAGE-notes; brokrages'
    assert spelling.replace_words(text, {"brokrage": "brokerage"}) == (
        'brokerage, "care home" and brokerage-notes; brokrages'
    )
