"""The Elasticsearch engine: exact mapping and request bodies, the client path against a
loopback stub, the fallback when the cluster cannot be reached, and (only with
``ELASTICSEARCH_URL``) a real cluster. Who each request admits is checked, for every actor,
in tests/search/test_privacy.py."""

import json
import os

import pytest
from django.test import override_settings

from hub.accounts import access
from hub.accounts.access import Audience
from search.engines import elastic
from search.engines.base import SearchRequest
from search.engines.elastic import ElasticEngine
from search.engines.elastic_docs import EntrySearch, audience_filter, index_body
from search.models import PendingIndexWrite
from search.query import parse
from tests.factories.search import SearchEntryFactory
from tests.search.elastic_stub import StubElasticsearch, closed_port_url
from tests.search.test_query import ODD_INPUTS

pytestmark = pytest.mark.django_db

ENGLISH_TEXT = {"type": "text", "analyzer": "hub_english", "search_analyzer": "hub_english_search"}


def engine(url):
    return ElasticEngine(url, alias="hub-search", timeout=0.5, cooldown=30)


def request_body(viewer, text, **kwargs):
    faceted = EntrySearch(
        viewer=viewer,
        parsed=parse(text),
        filters=kwargs.get("filters", {}),
        sort=kwargs.get("sort", "relevance"),
        index="hub-search",
        using="default",
    )
    return faceted._s.to_dict()


def test_mapping_and_analysis_are_exact():
    body = index_body()
    assert body["mappings"] == {
        "properties": {
            "kind": {"type": "keyword"},
            "title": ENGLISH_TEXT,
            "summary": ENGLISH_TEXT,
            "body": ENGLISH_TEXT,
            "tags": {"type": "keyword"},
            "tags_text": ENGLISH_TEXT,
            "organisation": {"type": "keyword"},
            "audience": {"type": "keyword"},
            "groups": {"type": "integer"},
            "date": {"type": "date"},
            "date_precision": {"type": "keyword", "index": False},
            "year": {"type": "integer"},
            "url": {"type": "keyword", "index": False},
            "boost": {"type": "float"},
            "replaced": {"type": "boolean"},
            "suggest": {
                "type": "completion",
                "analyzer": "simple",
                "contexts": [{"name": "audience", "type": "category"}],
            },
        }
    }
    analysis = body["settings"]["analysis"]
    assert analysis["analyzer"]["hub_english_search"]["filter"] == [
        "lowercase",
        "hub_synonyms",
        "hub_possessive",
        "hub_stemmer",
    ]
    assert analysis["analyzer"]["hub_english"]["filter"] == [
        "lowercase",
        "hub_possessive",
        "hub_stemmer",
    ]
    synonyms = analysis["filter"]["hub_synonyms"]
    assert synonyms["type"] == "synonym_graph"
    assert "dp, direct payment, direct payments" in synonyms["synonyms"]
    assert "la, council, local authority" in synonyms["synonyms"]


def _viewer(actor):
    return access.viewer_for(actor)


def test_highlighting_escapes_html_and_marks_matches():
    body = request_body(access.Viewer(), "fees")
    assert body["highlight"]["encoder"] == "html"
    assert body["highlight"]["pre_tags"] == ["<mark>"]
    assert set(body["highlight"]["fields"]) == {"body", "summary"}
    assert body["_source"] == {"excludes": ["body", "suggest"]}


@pytest.mark.parametrize("text", ODD_INPUTS)
def test_user_text_never_becomes_lucene_syntax(text):
    body = json.dumps(request_body(access.Viewer(), text))
    assert "query_string" not in body
    assert "simple_query_string" not in body
    assert "regexp" not in body and "wildcard" not in body and "fuzzy" not in body
    for fragment in ["title:", "_exists_", "~10", "/.*/", "NEAR(", "<svg"]:
        assert fragment not in body


def test_all_words_matches_get_a_boost():
    body = request_body(access.Viewer(), "brokerage invoices")
    should = body["query"]["bool"]["must"][0]["function_score"]["query"]["bool"]["should"]
    assert should[-1]["bool"]["boost"] == 10
    assert len(should[-1]["bool"]["must"]) == 2


def test_a_question_asks_for_its_keywords_only():
    def all_words(text):
        body = request_body(access.Viewer(), text)
        should = body["query"]["bool"]["must"][0]["function_score"]["query"]["bool"]["should"]
        return should[-1]["bool"]["must"]

    question = "How long does a deferred payment take to set up?"
    assert all_words(question) == all_words("deferred payment")
    assert len(all_words(question)) == 2
    assert "take" not in json.dumps(request_body(access.Viewer(), question))


def test_newer_entries_gain_only_a_tie_break():
    body = request_body(access.Viewer(), "brokerage")
    functions = body["query"]["bool"]["must"][0]["function_score"]["functions"]
    assert {"field_value_factor": {"field": "boost", "missing": 1}} in functions
    recency = next(f["gauss"]["date"] for f in functions if "gauss" in f)
    # Ten years old keeps 98% of a new entry's score, as on the database engines (2% at most).
    assert recency == {"origin": "now", "scale": "3650d", "decay": 0.98}


STUB_RESPONSE = {
    "took": 3,
    "timed_out": False,
    "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
    "hits": {
        "total": {"value": 1, "relation": "eq"},
        "max_score": 4.2,
        "hits": [
            {
                "_index": "hub-search-1",
                "_id": "41",
                "_score": 4.2,
                "_source": {
                    "kind": "resource",
                    "title": "Top-up agreement",
                    "url": "/resources/41/",
                    "tags": ["top-ups"],
                    "organisation": "Essex County Council",
                    "date": "2014-06-02",
                },
                "highlight": {"body": ["a &lt;b&gt; <mark>top-up</mark> form"]},
            }
        ],
    },
    "aggregations": {
        f"_filter_{name}": {"doc_count": 1, name: {"buckets": buckets}}
        for name, buckets in {
            "kind": [{"key": "resource", "doc_count": 1}],
            "tag": [{"key": "top-ups", "doc_count": 1}],
            "organisation": [{"key": "Essex County Council", "doc_count": 1}],
            "year": [{"key": 2014, "doc_count": 1}],
        }.items()
    },
}


def test_search_through_the_client_against_a_stub_cluster(make_actor):
    viewer = _viewer(make_actor("evaluator"))
    with StubElasticsearch(STUB_RESPONSE) as stub:
        result = engine(stub.url).search(SearchRequest(viewer=viewer, query=parse("top ups")))
    assert result.engine == "elasticsearch"
    assert result.degraded is False
    assert result.total == 1
    (hit,) = result.hits
    assert (hit.title, hit.url, hit.kind, str(hit.date)) == (
        "Top-up agreement",
        "/resources/41/",
        "resource",
        "2014-06-02",
    )
    assert hit.snippet == "a &lt;b&gt; <mark>top-up</mark> form"
    assert {f.value: f.count for f in result.facets["kind"]} == {"resource": 1}
    assert result.facets["kind"][0].label == "Documents"
    (sent,) = stub.bodies("/_search")
    # The filter whose outcome tests/search/test_privacy.py checks for every actor.
    assert sent["query"]["bool"]["filter"] == [audience_filter(viewer.visibility()).to_dict()]
    assert sent["size"] == 10


def test_a_total_the_cluster_only_bounds_is_not_called_exact(make_actor):
    viewer = _viewer(make_actor("evaluator"))
    bounded = {**STUB_RESPONSE, "hits": {**STUB_RESPONSE["hits"]}}
    bounded["hits"]["total"] = {"value": 10_000, "relation": "gte"}
    with StubElasticsearch(bounded) as stub:
        result = engine(stub.url).search(SearchRequest(viewer=viewer, query=parse("top ups")))
    assert (result.total, result.total_exact) == (10_000, False)
    with StubElasticsearch(STUB_RESPONSE) as stub:
        result = engine(stub.url).search(SearchRequest(viewer=viewer, query=parse("top ups")))
    assert result.total_exact is True


def test_writes_are_bulk_requests():
    entry = SearchEntryFactory(title="Bulk me", tags=["fees"])
    with StubElasticsearch() as stub:
        assert engine(stub.url).write([entry.pk, 999_999])
    (method, path, raw) = next(r for r in stub.requests if "_bulk" in r[1])
    lines = [json.loads(line) for line in raw.splitlines()]
    assert lines[0] == {"index": {"_index": "hub-search", "_id": entry.pk}}
    assert lines[1]["title"] == "Bulk me"
    assert lines[1]["tags"] == ["fees"]
    assert lines[1]["suggest"]["contexts"] == {"audience": ["public"]}
    assert lines[2] == {"delete": {"_index": "hub-search", "_id": 999_999}}


def test_reindex_builds_a_new_index_then_swaps_the_alias():
    SearchEntryFactory(title="Swap me")
    with StubElasticsearch() as stub:
        name = engine(stub.url).rebuild()
    steps = [(method, path.split("?")[0]) for method, path, _ in stub.requests]
    assert steps[0] == ("PUT", f"/{name}")
    assert any(path.endswith("/_bulk") for _, path in steps)
    swap = stub.bodies("/_aliases")[0]["actions"]
    assert swap == [
        {"remove": {"index": "hub-search-old", "alias": "hub-search"}},
        {"add": {"index": name, "alias": "hub-search"}},
    ]
    assert steps[-1] == ("DELETE", "/hub-search-old")
    assert steps.index(("POST", "/_aliases")) > steps.index(("POST", f"/{name}/_refresh"))


def test_an_unreachable_cluster_falls_back_to_the_database_and_says_so():
    SearchEntryFactory(title="Still findable fees")
    result = engine(closed_port_url()).search(
        SearchRequest(viewer=access.Viewer(), query=parse("fees"))
    )
    assert result.degraded is True
    assert result.engine == "database"
    assert [h.title for h in result.hits] == ["Still findable fees"]
    assert "simpler mode" in result.notice


def test_failed_writes_are_retried_when_the_cluster_is_back():
    entry = SearchEntryFactory(title="Retry me")
    assert engine(closed_port_url()).write([entry.pk]) is False
    assert PendingIndexWrite.objects.filter(entry_key=str(entry.pk)).exists()
    with StubElasticsearch() as stub:
        assert engine(stub.url).retry_pending() == 1
    assert not PendingIndexWrite.objects.exists()
    assert any("Retry me" in raw for _, _, raw in stub.requests)


@pytest.fixture
def cluster_down():
    with override_settings(ELASTICSEARCH_URL=closed_port_url()):
        elastic.elastic_engine.cache_clear()
        yield
    elastic.elastic_engine.cache_clear()


def test_pages_say_when_search_is_degraded(client, cluster_down):
    SearchEntryFactory(title="Fees guide")
    data = client.get("/api/search/", {"q": "fees"}).json()
    assert (data["engine"], data["degraded"], data["total"]) == ("database", True, 1)
    html = client.get("/search/", {"q": "fees"}).content.decode()
    assert "simpler mode" in html
    assert "Fees guide" in html


REAL = os.environ.get("ELASTICSEARCH_URL")


@pytest.mark.elasticsearch
@pytest.mark.skipif(not REAL, reason="ELASTICSEARCH_URL is not set: no real cluster to test")
def test_real_cluster_round_trip_keeps_restricted_entries_private(make_actor):
    SearchEntryFactory(title="Public fees note")
    SearchEntryFactory(
        title="Steering fees quokkasecret", audience=Audience.GROUPS, groups=["Steering group"]
    )
    real = ElasticEngine(REAL, alias="hub-search-test", timeout=5, cooldown=0)
    real.rebuild()
    anonymous = real.search(SearchRequest(viewer=access.Viewer(), query=parse("fees")))
    assert [h.title for h in anonymous.hits] == ["Public fees note"]
    assert anonymous.degraded is False
    steering = _viewer(make_actor("steering"))
    found = real.search(SearchRequest(viewer=steering, query=parse("quokkasecret")))
    assert [h.title for h in found.hits] == ["Steering fees quokkasecret"]


def test_a_quoted_phrase_also_matches_its_words_anywhere_below_the_phrase():
    body = request_body(access.Viewer(), '"three-way agreement"')
    should = body["query"]["bool"]["must"][0]["function_score"]["query"]["bool"]["should"]
    (term,) = should
    phrases, words = term["bool"]["should"]
    assert phrases["bool"]["boost"] == 10
    assert phrases["bool"]["should"][0]["multi_match"]["type"] == "phrase"
    assert phrases["bool"]["should"][0]["multi_match"]["query"] == "three way agreement"
    assert words["multi_match"]["query"] == "three way agreement"
    assert words["multi_match"]["operator"] == "and"
    # A hyphenated word typed without quotes stays a phrase only.
    body = request_body(access.Viewer(), "three-way")
    (term,) = body["query"]["bool"]["must"][0]["function_score"]["query"]["bool"]["should"]
    assert [clause["multi_match"]["type"] for clause in term["bool"]["should"]] == ["phrase"]
