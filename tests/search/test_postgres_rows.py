"""PostgreSQL's copies on each entry row (tag and group ids, vectors) stay exact, and what the
engine builds from them answers exactly what the generic statements answer."""

import itertools

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from taggit.models import Tag

from hub.accounts import access
from hub.accounts.access import Audience
from search import selectors
from search.engines import database_engine
from search.engines.database import facet_counts, visible_entries
from search.models import SearchEntry
from search.query import parse
from tests.factories.search import SearchEntryFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the row copies exist on PostgreSQL only"
    ),
]


def row_arrays(entry):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tag_ids, group_ids FROM search_searchentry WHERE id = %s", [entry.pk]
        )
        return cursor.fetchone()


def tag(name):
    return Tag.objects.get_or_create(name=name, defaults={"slug": name})[0]


def test_tag_and_group_ids_follow_every_change_to_the_relations():
    alpha, beta = Group.objects.create(name="Alpha"), Group.objects.create(name="Beta")
    entry = SearchEntryFactory(audience=Audience.GROUPS, groups=["Alpha"], tags=["fees"])
    assert row_arrays(entry) == ([tag("fees").pk], [alpha.pk])

    entry.tags.add(tag("audit"))
    entry.groups.set([alpha, beta])
    assert row_arrays(entry) == (sorted([tag("fees").pk, tag("audit").pk]), [alpha.pk, beta.pk])

    entry.tags.remove(tag("fees"))
    entry.groups.remove(alpha)
    assert row_arrays(entry) == ([tag("audit").pk], [beta.pk])

    beta.delete()  # removes the membership rows with it
    tag("audit").delete()
    assert row_arrays(entry) == ([], [])


def test_group_members_lose_an_entry_the_moment_its_group_changes():
    Group.objects.create(name="Alpha")
    beta = Group.objects.create(name="Beta")
    entry = SearchEntryFactory(title="Canary quillwort", audience=Audience.GROUPS, groups=["Alpha"])
    alpha_member = access.Viewer(
        user_id=1,
        is_approved=True,
        group_ids=frozenset(Group.objects.filter(name="Alpha").values_list("pk", flat=True)),
    )
    engine = database_engine()
    query = parse("quillwort")
    assert engine.visible(alpha_member).filter(engine._matches(query, "any")).count() == 1
    entry.groups.set([beta])
    assert engine.visible(alpha_member).filter(engine._matches(query, "any")).count() == 0


def test_audience_condition_matches_the_access_rule_for_every_kind_of_viewer():
    alpha, beta = Group.objects.create(name="Alpha"), Group.objects.create(name="Beta")
    SearchEntryFactory(audience=Audience.PUBLIC)
    SearchEntryFactory(audience=Audience.MEMBERS)
    SearchEntryFactory(audience=Audience.GROUPS, groups=["Alpha"])
    SearchEntryFactory(audience=Audience.GROUPS, groups=["Alpha", "Beta"])
    SearchEntryFactory(audience=Audience.GROUPS, groups=["Beta"])
    SearchEntryFactory(audience=Audience.GROUPS)  # no group at all: superusers only
    group_sets = [
        frozenset(),
        frozenset({alpha.pk}),
        frozenset({beta.pk}),
        frozenset({alpha.pk, beta.pk}),
    ]
    engine = database_engine()
    for approved, superuser, groups in itertools.product([False, True], [False, True], group_sets):
        viewer = access.Viewer(
            user_id=1, is_approved=approved, is_superuser=superuser, group_ids=groups
        )
        expected = set(visible_entries(viewer).values_list("pk", flat=True))
        assert set(engine.visible(viewer).values_list("pk", flat=True)) == expected
    anonymous = access.Viewer()
    assert set(engine.visible(anonymous).values_list("audience", flat=True)) == {Audience.PUBLIC}


def test_facets_from_the_rows_equal_the_generic_statement():
    Group.objects.create(name="Alpha")
    for n in range(12):
        SearchEntryFactory(
            title=f"Fees {n}",
            kind=["guidance", "thread", "resource"][n % 3],
            organisation=["Leeds", "York", ""][n % 3],
            audience=[Audience.PUBLIC, Audience.MEMBERS, Audience.GROUPS][n % 3],
            groups=["Alpha"] if n % 3 == 2 else None,
            tags=[["fees"], ["fees", "audit"], []][n % 3] + (["extra"] if n % 4 == 0 else []),
        )
    engine = database_engine()
    query = parse("fees")
    for viewer in [
        access.Viewer(),
        access.Viewer(user_id=1, is_approved=True),
        access.Viewer(
            user_id=1,
            is_approved=True,
            group_ids=frozenset(Group.objects.values_list("pk", flat=True)),
        ),
    ]:
        matches = engine.visible(viewer).filter(engine._matches(query, "any"))
        generic = visible_entries(viewer).filter(engine._matches(query, "any"))
        assert facet_counts(matches, {}, engine.backend.facet_rows) == facet_counts(generic, {})


def test_vectors_follow_the_text_and_survive_other_updates():
    entry = SearchEntryFactory(title="Brokerage notes", body="about invoices")
    assert [h.title for h in selectors.search(user=None, text="invoices").result.hits] == [
        "Brokerage notes"
    ]
    SearchEntry.objects.filter(pk=entry.pk).update(boost=0.5)  # text unchanged
    assert selectors.search(user=None, text="invoices").result.total == 1
    SearchEntry.objects.filter(pk=entry.pk).update(body="about receipts")
    assert selectors.search(user=None, text="invoices").result.total == 0
    assert selectors.search(user=None, text="receipts").result.total == 1


def test_a_search_leaves_the_planner_settings_as_they_were():
    def settings():
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('jit')")
            return cursor.fetchone()

    before = settings()
    SearchEntryFactory(title="Fees", tags=["fees"])
    assert selectors.search(user=None, text="fees").result.total == 1
    assert settings() == before
