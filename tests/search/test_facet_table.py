"""SQLite counts facets from a narrow per-entry row kept by triggers: it must agree, exactly and
for every viewer, with counting straight from the entries, however entries and tags change."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from hub.accounts import access, roles
from hub.accounts.access import Audience
from search import synonyms
from search.engines import database as db
from search.engines import database_engine
from search.models import SearchEntry
from search.query import parse
from tests.factories.search import SearchEntryFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own facet table"),
]

VIEWERS = {
    "anonymous": access.Viewer(),
    "member": access.Viewer(user_id=1, is_approved=True),
    "superuser": access.Viewer(user_id=2, is_approved=True, is_superuser=True),
}
FILTERS = [
    {},
    {"kind": ["resource"]},
    {"organisation": ["Essex"], "year": ["2014"]},
    {"tag": ["fees"]},
    {"tag": ["fees", "secret"], "kind": ["page", "resource"]},
]


def both_ways(viewer, text, filters):
    engine = database_engine()
    query = parse(text, synonyms.groups())
    matches = db.apply_filters(db.visible_entries(viewer), filters).filter(
        engine._matches(query, "any")
    )
    return db.facet_counts(matches, filters), db.facet_counts(matches, filters, engine.backend)


def counts(facets):
    return {name: {f.value: f.count for f in values} for name, values in facets.items()}


@pytest.fixture
def entries(db):
    SearchEntryFactory(
        kind="resource", title="Fees 1", organisation="Essex",
        date=datetime.date(2014, 5, 1), tags=["fees", "costs"],
    )  # fmt: skip
    SearchEntryFactory(kind="resource", title="Fees 2", organisation="Essex", tags=["fees"])
    SearchEntryFactory(kind="page", title="Fees 3", date=datetime.date(2015, 5, 1))
    SearchEntryFactory(
        kind="resource", title="Fees for members", audience=Audience.MEMBERS,
        organisation="Kent", tags=["fees"],
    )  # fmt: skip
    SearchEntryFactory(
        kind="guidance", title="Fees for evaluators", audience=Audience.GROUPS,
        groups=[roles.EVALUATORS], organisation="Essex", date=datetime.date(2014, 1, 1),
        tags=["secret", "fees"],
    )  # fmt: skip
    SearchEntryFactory(kind="page", title="Unrelated", tags=["costs"])


@pytest.mark.parametrize("viewer_name", [*VIEWERS, "evaluator"])
@pytest.mark.parametrize("filters", FILTERS)
def test_counts_from_the_facet_table_equal_counts_from_the_entries(viewer_name, filters, entries):
    if viewer_name == "evaluator":
        group = Group.objects.get(name=roles.EVALUATORS)
        viewer = access.Viewer(user_id=3, is_approved=True, group_ids=frozenset({group.pk}))
    else:
        viewer = VIEWERS[viewer_name]
    generic, table = both_ways(viewer, "fees", filters)
    assert table == generic


def test_a_restricted_entry_is_never_counted_for_someone_outside_its_audience(entries):
    facets, total = both_ways(VIEWERS["member"], "fees", {})[1]
    assert total == 4
    assert counts(facets) == {
        "kind": {"resource": 3, "page": 1},
        "tag": {"fees": 3, "costs": 1},
        "organisation": {"Essex": 2, "Kent": 1},
        "year": {"2014": 1, "2015": 1},
    }
    facets, total = both_ways(VIEWERS["anonymous"], "fees", {})[1]
    assert total == 3
    assert "Kent" not in counts(facets)["organisation"]
    assert "secret" not in counts(facets)["tag"]


def test_the_facet_table_follows_changes_to_entries_and_their_tags(entries):
    from taggit.models import Tag

    entry = SearchEntry.objects.get(title="Fees 2")
    entry.kind, entry.organisation, entry.year = "page", "Kent", 2016
    entry.save()
    entry.tags.set([Tag.objects.get(name="secret")])
    SearchEntry.objects.get(title="Fees 3").tags.add(Tag.objects.get(name="costs"))
    SearchEntry.objects.get(title="Fees 1").delete()
    SearchEntry.objects.filter(title="Fees for members").update(audience=Audience.PUBLIC)
    Tag.objects.get(name="costs").delete()
    for viewer in VIEWERS.values():
        for filters in FILTERS:
            generic, table = both_ways(viewer, "fees", filters)
            assert table == generic
    facets, total = both_ways(VIEWERS["anonymous"], "fees", {})[1]
    assert total == 3
    assert counts(facets)["tag"] == {"fees": 1, "secret": 1}
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_facet")
        assert cursor.fetchone()[0] == SearchEntry.objects.count()
