"""Nothing restricted reaches the wrong person through any part of a search answer.

Two sets of canaries. Search entries of every audience (public, members, each group, two
groups) are searched through each engine path by every actor of ``tests.privacy``, and the
test asserts who sees which canary: the database engine with totals and facets counted over the
snapshot and in SQL, and the Elasticsearch engine, whose requests (filter and suggestion
contexts) are evaluated against the very documents it would index. Then real content (pages,
documents, threads) with a canary word in a title, in body text, inside a document's extracted
text and in a tag used nowhere else, searched for through selectors and every HTTP channel.
"""

import json

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction

from hub.accounts import access, roles
from hub.accounts.access import Audience
from resources.models import Resource
from search import selectors
from search.engines import database_engine
from search.engines.base import SearchRequest
from search.engines.elastic import ElasticEngine
from search.query import parse
from tests.factories.pages import restrict
from tests.factories.search import SearchEntryFactory, publish_page
from tests.privacy import ACTOR_ROLES, MEMBERS, NOBODY, PUBLIC, areas_seen
from tests.search.elastic_stub import NOTHING_FOUND, StubElasticsearch

# --- Entries of every audience, through each engine path ------------------------------------

# Canary word -> the audience of its entry. The word is in the entry's title, organisation and
# tag (the word + "tag"); every entry also holds the shared word "lantern" in its body.
ENTRY_CANARIES = {
    "publicwren": PUBLIC,
    "memberwren": MEMBERS,
    **{f"{role.split()[0].lower()}wren": (role,) for role in roles.ALL},
    "pairwren": (roles.EVALUATORS, roles.PROVIDERS),
}
ENTRY_SEES = areas_seen(ENTRY_CANARIES)
ENTRY_TAGS = {f"{word}tag" for word in ENTRY_CANARIES}


def test_the_table_covers_every_actor_and_every_audience():
    assert set(SEES) == set(ENTRY_SEES) == set(ACTOR_ROLES)
    assert len(ENTRY_CANARIES) == len(roles.ALL) + 3
    assert {a for a in ENTRY_CANARIES.values() if isinstance(a, tuple)} >= {
        (role,) for role in roles.ALL
    }


@pytest.fixture
def entry_canaries(db):
    return [
        SearchEntryFactory(
            title=f"Canary {word}",
            body="a lantern in the window",
            organisation=word,
            audience=audience if isinstance(audience, str) else Audience.GROUPS,
            groups=list(audience) if isinstance(audience, tuple) else None,
            tags=[f"{word}tag"],
        )
        for word, audience in ENTRY_CANARIES.items()
    ]


@pytest.fixture(params=["snapshot", "sql"])
def counting(request, settings, snapshot_counts):
    """Totals and facets counted both ways a database answer can count them: over the entry
    snapshot (a live site, normally) and in SQL (inside a transaction, or when the snapshot
    cannot be trusted)."""
    settings.SEARCH_SNAPSHOT = request.param == "snapshot"
    yield
    assert snapshot_counts
    assert set(snapshot_counts) == {request.param == "snapshot"}


def _words_in(values):
    return {value for value in values if value in ENTRY_CANARIES}


@pytest.mark.parametrize("actor_name", ENTRY_SEES)
def test_the_database_engine_shows_each_actor_exactly_their_canaries(
    actor_name, make_actor, entry_canaries, counting
):
    viewer = access.viewer_for(make_actor(actor_name))
    expected = ENTRY_SEES[actor_name]
    engine = database_engine()
    # One word, every word (the all-words count and partial matches), and newest first.
    for text, sort in [("canary", "relevance"), ("canary lantern", "relevance"),
                       ("lantern", "newest")]:  # fmt: skip
        result = engine.search(
            SearchRequest(viewer=viewer, query=parse(text), sort=sort, per_page=50)
        )
        where = (actor_name, text, sort)
        assert {hit.organisation for hit in result.hits} == expected, where
        assert result.total == len(expected), where
        facets = result.facets
        assert sum(value.count for value in facets["kind"]) == len(expected), where
        assert {v.value for v in facets["organisation"]} == expected, where
        assert {v.value for v in facets["tag"]} == {f"{word}tag" for word in expected}, where
        assert all(v.count == 1 for v in facets["organisation"] + facets["tag"]), where
    for word in ENTRY_CANARIES:
        found = engine.search(SearchRequest(viewer=viewer, query=parse(word)))
        assert found.total == (word in expected), (actor_name, word)
        suggested = engine.suggest(viewer, word[:-1], limit=20)
        titles = {row["title"] for row in suggested if row["type"] == "title"}
        tags = {row["title"] for row in suggested if row["type"] == "tag"}
        assert titles == ({f"Canary {word}"} if word in expected else set()), (actor_name, word)
        assert tags == ({f"{word}tag"} if word in expected else set()), (actor_name, word)


def _values(source, field):
    value = source.get(field)
    return value if isinstance(value, list) else [value]


def _clauses(value):
    return value if isinstance(value, list) else [value]


def admits(clause, source) -> bool:
    """Whether an Elasticsearch query clause matches a document's source, for the few clauses
    an audience filter may use; any other clause fails the test rather than being guessed."""
    ((kind, spec),) = clause.items()
    if kind == "term":
        ((field, value),) = spec.items()
        value = value["value"] if isinstance(value, dict) else value
        return value in _values(source, field)
    if kind == "terms":
        ((field, wanted),) = spec.items()
        return bool(set(wanted) & set(_values(source, field)))
    if kind == "match_all":
        return True
    if kind == "match_none":
        return False
    if kind == "bool":
        required = _clauses(spec.get("must", [])) + _clauses(spec.get("filter", []))
        should = _clauses(spec.get("should", []))
        # Elasticsearch's default: one should clause must match only if nothing is required.
        least = int(spec.get("minimum_should_match", 0 if required else 1))
        return (
            all(admits(c, source) for c in required)
            and not any(admits(c, source) for c in _clauses(spec.get("must_not", [])))
            and (not should or sum(admits(c, source) for c in should) >= least)
        )
    raise AssertionError(f"the test cannot evaluate a {kind!r} clause: {clause}")


@pytest.mark.parametrize("actor_name", ENTRY_SEES)
def test_elasticsearch_requests_admit_each_actor_exactly_their_canaries(
    actor_name, make_actor, entry_canaries
):
    viewer = access.viewer_for(make_actor(actor_name))
    expected = ENTRY_SEES[actor_name]
    with StubElasticsearch(NOTHING_FOUND) as stub:
        engine = ElasticEngine(stub.url, alias="hub-search", timeout=5, cooldown=0)
        documents = [doc["_source"] for doc in engine._documents([e.pk for e in entry_canaries])]
        request = SearchRequest(viewer=viewer, query=parse("canary"), filters={"kind": ["thread"]})
        result = engine.search(request)
        engine.suggest(viewer, "canar")
    assert (result.engine, result.degraded) == ("elasticsearch", False)
    body, suggest = stub.bodies("/_search")
    # The audience is in the query itself, so hits, totals and facet counts all obey it; facet
    # choices narrow the hits only (a post filter, which the aggregations do not see).
    filters = _clauses(body["query"]["bool"]["filter"])
    assert "audience" not in json.dumps(body["post_filter"])
    assert "audience" not in json.dumps(body["aggs"])
    hits = {
        doc["organisation"]
        for doc in documents
        if all(admits(c, doc) for c in filters) and admits(body["post_filter"], doc)
    }
    assert hits == expected
    asked = set(suggest["suggest"]["titles"]["completion"]["contexts"]["audience"])
    offered = {
        doc["organisation"]
        for doc in documents
        if asked & set(doc["suggest"]["contexts"]["audience"])
    }
    assert offered == expected


def test_the_evaluator_reads_bool_clauses_as_elasticsearch_does():
    source = {"audience": "groups", "groups": [3, 4]}
    assert admits({"terms": {"groups": [4, 9]}}, source)
    assert not admits({"term": {"audience": "public"}}, source)
    assert admits(
        {"bool": {"should": [{"term": {"audience": "public"}}, {"match_all": {}}]}}, source
    )
    assert not admits(
        {"bool": {"filter": [{"match_all": {}}], "must_not": [{"term": {"groups": 3}}]}}, source
    )
    # With something required, should clauses are optional unless a minimum says otherwise.
    assert admits({"bool": {"filter": [{"match_all": {}}], "should": [{"match_none": {}}]}}, source)
    with pytest.raises(AssertionError):
        admits({"range": {"groups": {"gte": 1}}}, source)


# --- Real content, through selectors and every HTTP channel ---------------------------------

LOGIN, GROUPS, PASSWORD = (
    BaseViewRestriction.LOGIN,
    BaseViewRestriction.GROUPS,
    BaseViewRestriction.PASSWORD,
)
SHARED = "harbour"

# Which canaries each audience may see; "members" adds to "public", and so on.
CANARIES = {
    "public": ["openwoods", "opentag"],
    "members": ["memberquokka", "threadmole", "moletag"],
    "evaluators": ["evalzebra", "docnarwhal", "threadyak", "yaktag", "narwhaltag"],
    "steering": ["steerowl", "steerpapers"],
    "never": ["passlynx", "draftmoth"],
}

SEES = areas_seen(
    {
        "public": PUBLIC,
        "members": MEMBERS,
        "evaluators": (roles.EVALUATORS,),
        "steering": (roles.STEERING_GROUP, roles.PROGRAMME_TEAM),
        "never": NOBODY,
    }
)

# Items holding the shared word (the steering parent page does not).
ITEMS_PER_AUDIENCE = {"public": 2, "members": 2, "evaluators": 3, "steering": 1}


def _resource(title, collection, text, tags=()):
    resource = Resource(
        title=title,
        file=ContentFile(b"x", name="file.txt"),
        collection=collection,
        extracted_text=text,
    )
    resource.save()
    if tags:
        resource.tags.add(*tags)
    return resource


@pytest.fixture
def corpus(db):
    public = publish_page("Openwoods guide", body_text=f"{SHARED} open notes")
    _resource("Public costing", Collection.get_first_root_node(), f"{SHARED} sums", ["opentag"])

    members = publish_page("Memberquokka hub", body_text=f"{SHARED} members notes")
    restrict(members, LOGIN)
    SearchEntryFactory(
        title="Threadmole question",
        body=f"{SHARED} a members thread",
        audience=Audience.MEMBERS,
        tags=["moletag"],
    )

    evaluators = publish_page("Evalzebra interim", body_text=f"{SHARED} evaluation notes")
    restrict(evaluators, GROUPS, groups=[roles.EVALUATORS])
    private = Collection.get_first_root_node().add_child(name="Evaluation files")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=GROUPS
    )
    restriction.groups.set(Group.objects.filter(name=roles.EVALUATORS))
    _resource("Interview coding frame", private, f"{SHARED} docnarwhal", ["narwhaltag"])
    SearchEntryFactory(
        title="Analysis thread",
        body=f"{SHARED} threadyak",
        audience=Audience.GROUPS,
        groups=[roles.EVALUATORS],
        tags=["yaktag"],
    )

    steering = publish_page("Steering section", body_text="the steering group")
    # The canary is on the child: a restriction on the parent must cover it.
    publish_page("Steerowl minutes", parent=steering, body_text=f"{SHARED} steerpapers")
    restrict(steering, GROUPS, groups=[roles.STEERING_GROUP, roles.PROGRAMME_TEAM])

    locked = publish_page("Passlynx room", body_text=f"{SHARED} passlynx")
    restrict(locked, PASSWORD, password="hunter2hunter2")
    draft = publish_page("Draftmoth plan", parent=public, body_text=f"{SHARED} draftmoth")
    draft.unpublish()


def allowed(actor_name):
    return {c for audience in SEES[actor_name] for c in CANARIES[audience]}


def forbidden(actor_name):
    return {c for words in CANARIES.values() for c in words} - allowed(actor_name)


@pytest.mark.parametrize("actor_name", SEES)
def test_search_answers_hold_only_what_the_actor_may_see(actor_name, make_actor, corpus, counting):
    actor = make_actor(actor_name)
    visible_items = sum(ITEMS_PER_AUDIENCE[a] for a in SEES[actor_name])
    outcome = selectors.search(user=actor, text=SHARED)
    result = outcome.result
    assert result.total == visible_items
    assert len(result.hits) == visible_items
    assert sum(f.count for f in result.facets["kind"]) == visible_items
    shown = json.dumps(
        [[h.title, str(h.snippet), h.tags] for h in result.hits]
        + [[f.value, f.label] for values in result.facets.values() for f in values]
    ).lower()
    for canary in forbidden(actor_name):
        assert canary not in shown, canary
    for canary in forbidden(actor_name):
        found = selectors.search(user=actor, text=canary).result
        assert found.total == 0 and found.hits == [], canary
        assert all(f.count == 0 for v in found.facets.values() for f in v), canary
    for canary in allowed(actor_name) - {"opentag", "moletag", "yaktag", "narwhaltag"}:
        assert selectors.search(user=actor, text=canary).result.total == 1, canary


@pytest.mark.parametrize("actor_name", SEES)
def test_suggestions_and_tags_hold_only_what_the_actor_may_see(actor_name, make_actor, corpus):
    actor = make_actor(actor_name)
    suggested = json.dumps(
        [selectors.suggest(user=actor, text=c[:5]) for c in CANARIES["never"]]
        + [selectors.suggest(user=actor, text=c[:4]) for words in CANARIES.values() for c in words]
    ).lower()
    tags = {row["tag__slug"] for row in selectors.tags_visible_to(user=actor)}
    for canary in forbidden(actor_name):
        assert canary not in suggested, canary
        assert canary not in tags, canary
    assert tags == allowed(actor_name) & {"opentag", "moletag", "yaktag", "narwhaltag"}


@pytest.mark.parametrize("actor_name", SEES)
def test_every_http_channel_holds_only_what_the_actor_may_see(
    actor_name, make_actor, corpus, client
):
    actor = make_actor(actor_name)
    if actor is not None:
        client.force_login(actor)
    bodies = []
    for path, params in [
        ("/search/", {"q": SHARED}),
        ("/api/search/", {"q": SHARED}),
        ("/api/search/", {"q": SHARED, "sort": "newest"}),
        ("/tags/", {}),
    ]:
        response = client.get(path, params)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        bodies.append(response.content.decode().lower())
    for canary in forbidden(actor_name):
        # Only the answer, not the echo of the visitor's own query.
        suggestions = client.get("/search/suggest/", {"q": canary[:4]}).json()["suggestions"]
        bodies.append(json.dumps(suggestions).lower())
        data = client.get("/api/search/", {"q": canary}).json()
        assert data["total"] == 0
        bodies.append(json.dumps([data["hits"], data["facets"]]).lower())
        if canary.endswith("tag"):
            assert client.get(f"/tags/{canary}/").status_code == 404
    for canary in forbidden(actor_name):
        assert not any(canary in body for body in bodies), canary
    for tag in allowed(actor_name) & {"opentag", "moletag", "yaktag", "narwhaltag"}:
        assert client.get(f"/tags/{tag}/").status_code == 200
