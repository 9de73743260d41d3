"""Nothing restricted reaches the wrong person through any part of a search answer.

Each restricted place holds a unique canary word (in a title, in body text, inside a document's
extracted text, in a tag used nowhere else). Every actor searches for every canary, and for a
word shared by all items, and the hits, totals, facet counts, snippets, suggestions and tag
pages are checked against what that actor may see.
"""

import json

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction

from hub.accounts import roles
from hub.accounts.access import Audience
from resources.models import Resource
from search import selectors
from tests.factories.pages import restrict
from tests.factories.search import SearchEntryFactory, publish_page

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

SEES = {
    "anonymous": {"public"},
    "pending": {"public"},
    "rejected": {"public"},
    "inactive": {"public"},
    "council_member": {"public", "members"},
    "trailblazer": {"public", "members"},
    "provider": {"public", "members"},
    "evaluator": {"public", "members", "evaluators"},
    "steering": {"public", "members", "steering"},
    "programme_team": {"public", "members", "steering"},
    "superuser": {"public", "members", "evaluators", "steering"},
}

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


@pytest.fixture(params=["snapshot", "sql"])
def counting(request, settings, snapshot_counts):
    """Totals and facets counted both ways a database answer can count them: over the entry
    snapshot (a live site, normally) and in SQL (inside a transaction, or when the snapshot
    cannot be trusted)."""
    settings.SEARCH_SNAPSHOT = request.param == "snapshot"
    yield
    assert snapshot_counts
    assert set(snapshot_counts) == {request.param == "snapshot"}


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
