"""Facet counts and totals from the in-process entry snapshot must equal counting in SQL, for
every kind of viewer and filter, after every kind of change, and a snapshot must never be used
with ids read under another token."""

import datetime

import numpy as np
import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from taggit.models import Tag

from hub.accounts import access, roles
from hub.accounts.access import Audience
from search import synonyms
from search.engines import database_engine, snapshot
from search.engines.base import SearchRequest
from search.models import SearchEntry
from search.query import parse
from tests.factories.search import SearchEntryFactory

TEXTS = ["fees", "fees costs", "fees costs secret", '"fees for"']
FILTERS = [
    {},
    {"kind": ["resource"]},
    {"organisation": ["Essex"], "year": ["2014"]},
    {"tag": ["fees"]},
    {"tag": ["fees", "secret"], "kind": ["page", "resource"]},
    {"tag": ["nobody-has-this"]},
]


def viewers():
    evaluators = Group.objects.get(name=roles.EVALUATORS).pk
    steering = Group.objects.get(name=roles.STEERING_GROUP).pk
    return {
        "anonymous": access.Viewer(),
        "pending": access.Viewer(user_id=9, is_approved=False, group_ids=frozenset({evaluators})),
        "member": access.Viewer(user_id=1, is_approved=True),
        "evaluator": access.Viewer(user_id=3, is_approved=True, group_ids={evaluators}),
        "steering": access.Viewer(user_id=4, is_approved=True, group_ids={steering}),
        "both": access.Viewer(user_id=5, is_approved=True, group_ids={evaluators, steering}),
        "superuser": access.Viewer(user_id=2, is_approved=True, is_superuser=True),
    }


def answer(viewer, text, filters, *, from_snapshot, settings):
    settings.SEARCH_SNAPSHOT = from_snapshot
    request = SearchRequest(viewer=viewer, query=parse(text, synonyms.groups()), filters=filters)
    result = database_engine().search(request)
    facets = {
        name: [(f.value, f.label, f.count, f.selected) for f in values]
        for name, values in result.facets.items()
    }
    return result.total, facets, [(hit.entry_id, hit.tags) for hit in result.hits]


def assert_same_everywhere(settings, snapshot_counts):
    for viewer in viewers().values():
        for text in TEXTS:
            for filters in FILTERS:
                in_sql = answer(viewer, text, filters, from_snapshot=False, settings=settings)
                snapshot_counts.clear()
                counted = answer(viewer, text, filters, from_snapshot=True, settings=settings)
                assert snapshot_counts == [True]
                assert counted == in_sql, (viewer, text, filters)


@pytest.fixture
def entries(db):
    SearchEntryFactory(
        kind="resource", title="Fees 1", organisation="Essex",
        date=datetime.date(2014, 5, 1), tags=["fees", "costs"],
    )  # fmt: skip
    SearchEntryFactory(kind="resource", title="Fees 2", organisation="Essex", tags=["fees"])
    SearchEntryFactory(kind="page", title="Fees 3 costs", date=datetime.date(2015, 5, 1))
    SearchEntryFactory(
        kind="resource", title="Fees for members", audience=Audience.MEMBERS,
        organisation="Kent", tags=["fees"],
    )  # fmt: skip
    SearchEntryFactory(
        kind="guidance", title="Fees for evaluators", audience=Audience.GROUPS,
        groups=[roles.EVALUATORS], organisation="Essex", date=datetime.date(2014, 1, 1),
        tags=["secret", "fees"],
    )  # fmt: skip
    SearchEntryFactory(
        kind="guidance", title="Fees for two groups secret", audience=Audience.GROUPS,
        groups=[roles.EVALUATORS, roles.STEERING_GROUP], tags=["secret"],
    )  # fmt: skip
    SearchEntryFactory(
        kind="page", title="Fees with no group", audience=Audience.GROUPS, tags=["orphan"]
    )
    SearchEntryFactory(kind="page", title="Unrelated", tags=["costs"])


def test_counts_from_the_snapshot_equal_counts_in_sql(entries, settings, snapshot_counts):
    assert_same_everywhere(settings, snapshot_counts)


def test_the_snapshot_follows_every_kind_of_change(entries, settings, snapshot_counts):
    entry = SearchEntry.objects.get(title="Fees 2")
    entry.kind, entry.organisation, entry.year = "page", "Kent", 2016
    entry.save()
    entry.tags.set([Tag.objects.get(name="secret")])
    SearchEntry.objects.get(title="Fees 3 costs").tags.add(Tag.objects.get(name="costs"))
    SearchEntry.objects.get(title="Fees 1").delete()
    SearchEntry.objects.filter(title="Fees for members").update(audience=Audience.PUBLIC)
    SearchEntry.objects.get(title="Fees for evaluators").groups.set(
        Group.objects.filter(name=roles.STEERING_GROUP)
    )
    Tag.objects.filter(name="fees").update(name="Fees and charges")
    Tag.objects.get(name="costs").delete()
    SearchEntryFactory(kind="news", title="Fees news", tags=["secret"]).tags.add(
        Tag.objects.get(slug="fees")
    )
    assert_same_everywhere(settings, snapshot_counts)
    total, facets, _ = answer(viewers()["anonymous"], "fees", {}, from_snapshot=True,
                              settings=settings)  # fmt: skip
    assert total == 4
    assert {value: count for value, _, count, _ in facets["tag"]} == {"fees": 2, "secret": 2}
    assert ("fees", "Fees and charges", 2, False) in facets["tag"]


def test_a_restricted_entry_is_never_counted_for_someone_outside_its_audience(
    entries, settings, snapshot_counts
):
    total, facets, _ = answer(viewers()["anonymous"], "fees", {}, from_snapshot=True,
                              settings=settings)  # fmt: skip
    assert snapshot_counts == [True]
    assert total == 3
    shown = {value for values in facets.values() for value, *_ in values}
    assert not shown & {"secret", "orphan", "Kent", "guidance"}
    total, facets, _ = answer(viewers()["steering"], "secret", {}, from_snapshot=True,
                              settings=settings)  # fmt: skip
    assert total == 1  # the two-group entry, not the evaluators-only one
    assert {value: count for value, _, count, _ in facets["tag"]} == {"secret": 1}


def test_ids_the_snapshot_does_not_know_are_never_shown(entries):
    loaded = snapshot.load()
    unknown = np.array([-1, len(loaded.entry_class), 10**9], dtype=np.int64)
    superuser = viewers()["superuser"]
    assert len(loaded.visible(unknown, superuser, {})) == 0
    known = np.array(SearchEntry.objects.values_list("pk", flat=True), dtype=np.int64)
    assert len(loaded.visible(known, superuser, {})) == SearchEntry.objects.count()


def test_a_snapshot_under_another_token_is_not_used(entries, settings, snapshot_counts):
    settings.SEARCH_SNAPSHOT = True
    viewer = viewers()["anonymous"]
    request = SearchRequest(viewer=viewer, query=parse("fees", synonyms.groups()))
    ids, token = database_engine().backend.match_ids(request.query, "any")
    assert token and len(ids) == 7
    assert snapshot.cache.for_token(token).token == token
    assert snapshot.cache.for_token("not the token") is None
    assert snapshot.cache.for_token(None) is None


def test_without_the_token_row_facets_are_counted_in_sql(entries, settings, snapshot_counts):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_facet_token")
    counted = answer(viewers()["member"], "fees", {}, from_snapshot=True, settings=settings)
    assert snapshot_counts == [False]
    assert counted == answer(viewers()["member"], "fees", {}, from_snapshot=False,
                             settings=settings)  # fmt: skip
    assert counted[0] == 4


def _token():
    with connection.cursor() as cursor:
        cursor.execute(snapshot.TOKEN_SQL)
        return cursor.fetchone()[0]


def _committed_token():
    """The token as the next answer would see it if the test's transaction committed here.

    On PostgreSQL the triggers are deferred to commit, which ``SET CONSTRAINTS ALL IMMEDIATE``
    brings forward; they renew the token once per transaction, so the mark saying it was
    renewed is cleared, as a new transaction would find it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute("SELECT set_config('search.token_renewed', '', true)")
    return _token()


CHANGES = {
    "insert": lambda e: SearchEntryFactory(title="New"),
    "delete": lambda e: e.delete(),
    "audience": lambda e: SearchEntry.objects.filter(pk=e.pk).update(audience=Audience.MEMBERS),
    "kind": lambda e: SearchEntry.objects.filter(pk=e.pk).update(kind="news"),
    "organisation": lambda e: SearchEntry.objects.filter(pk=e.pk).update(organisation="Kent"),
    "year": lambda e: SearchEntry.objects.filter(pk=e.pk).update(year=2001),
    "tag added": lambda e: e.tags.add(Tag.objects.get(name="secret")),
    "tags cleared": lambda e: e.tags.clear(),
    "group added": lambda e: e.groups.add(Group.objects.get(name=roles.STEERING_GROUP)),
    "tag renamed": lambda e: Tag.objects.filter(name="costs").update(slug="costings"),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_the_token_changes_with_anything_counts_read(entries, change):
    with transaction.atomic():
        before = _committed_token()
        change(SearchEntry.objects.get(title="Fees 1"))
        assert _committed_token() != before


def test_the_token_stays_when_only_text_changes(entries):
    before = _committed_token()
    entry = SearchEntry.objects.get(title="Fees 1")
    entry.title, entry.body, entry.summary = "Fees, retitled", "New words", "Another summary"
    entry.save()
    entry.tags.set(list(entry.tags.all()))  # the same tags again
    SearchEntry.objects.filter(pk=entry.pk).update(audience=Audience.PUBLIC, kind="resource")
    assert _committed_token() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's deferred triggers")
def test_on_postgresql_the_token_changes_at_commit_not_before(entries):
    before = _token()
    SearchEntry.objects.filter(title="Fees 1").update(audience=Audience.MEMBERS)
    assert _token() == before  # the token row is the last lock a writer takes
    assert _committed_token() != before


@pytest.fixture
def loads(settings, monkeypatch):
    """Outside a transaction, as on a live site, with reloads allowed at any time: the list of
    snapshot loads made (one item each), the process's snapshot cleared before and after."""
    settings.SEARCH_SNAPSHOT_IN_TRANSACTIONS = False
    monkeypatch.setattr(snapshot, "MIN_RELOAD_SECONDS", 0)
    ContentType.objects.clear_cache()  # an earlier test's flush may have emptied the table
    snapshot.cache.clear()
    made = []
    real_load = snapshot.load
    monkeypatch.setattr(snapshot, "load", lambda: made.append(1) or real_load())
    yield made
    snapshot.cache.clear()


@pytest.mark.django_db(transaction=True)
def test_the_cached_snapshot_is_replaced_when_a_change_is_committed(loads):
    """Outside a transaction (as on a live site) the snapshot is kept between answers, loaded
    once, and loaded again after a committed change, before the change can be counted."""
    entry = SearchEntryFactory(title="Harbour notes", tags=["harbourtag"])
    SearchEntryFactory(title="Harbour plans")
    anonymous = access.Viewer()
    request = SearchRequest(viewer=anonymous, query=parse("harbour", synonyms.groups()))
    engine = database_engine()

    def counted():
        result = engine.search(request)
        return result.total, {f.value for f in result.facets["tag"]}

    assert counted() == (2, {"harbourtag"})
    assert counted() == (2, {"harbourtag"})
    assert len(loads) == 1
    entry.title = "Harbour notes, edited"  # text only: the snapshot stays
    entry.save()
    assert counted() == (2, {"harbourtag"})
    assert len(loads) == 1
    SearchEntry.objects.filter(pk=entry.pk).update(audience=Audience.MEMBERS)
    assert counted() == (1, set())
    assert len(loads) == 2
    snapshot.cache.clear()


def _ids_by_condition(text, mode):
    engine = database_engine()
    query = parse(text, synonyms.groups())
    matching = SearchEntry.objects.filter(engine._matches(query, mode))
    return set(matching.values_list("pk", flat=True))


def _ids_by_match_ids(text, mode):
    query = parse(text, synonyms.groups())
    ids, token = database_engine().backend.match_ids(query, mode)
    assert token
    return set(ids.tolist())


def test_the_ids_counted_are_the_ids_the_answer_matches(entries):
    """On PostgreSQL the ids come from a narrow copy of the vectors (``search_match``), kept by
    triggers; on SQLite from the full-text table alone. Either way, after any change to the
    text, the same entries as the answer's own full-text condition."""
    entry = SearchEntry.objects.get(title="Fees 1")
    entry.title, entry.body = "Charges 1", "quarterly invoices and costs"
    entry.save()
    SearchEntry.objects.get(title="Fees 2").delete()
    SearchEntryFactory(title="Fees for newcomers", body="invoices")
    SearchEntry.objects.filter(title="Unrelated").update(summary="fees mentioned at last")
    for text in [*TEXTS, "invoices", "charges costs", "nothing-matches-this"]:
        for mode in ("any", "all"):
            assert _ids_by_match_ids(text, mode) == _ids_by_condition(text, mode), (text, mode)
    assert _ids_by_match_ids("nothing-matches-this", "any") == set()


@pytest.mark.django_db(transaction=True)
def test_soon_after_a_load_a_change_is_counted_in_sql_not_loaded_again(settings, monkeypatch):
    settings.SEARCH_SNAPSHOT_IN_TRANSACTIONS = False
    monkeypatch.setattr(snapshot, "MIN_RELOAD_SECONDS", 3600)
    ContentType.objects.clear_cache()
    snapshot.cache.clear()
    entry = SearchEntryFactory(title="Harbour notes")
    SearchEntryFactory(title="Harbour plans")
    request = SearchRequest(viewer=access.Viewer(), query=parse("harbour", synonyms.groups()))
    engine = database_engine()
    assert engine.counts_from_snapshot(request)[1] == 2
    SearchEntry.objects.filter(pk=entry.pk).update(audience=Audience.MEMBERS)
    assert engine.counts_from_snapshot(request) is None  # the engine counts in SQL
    assert engine.search(request).total == 1
    snapshot.cache.clear()


@pytest.mark.django_db(transaction=True)
def test_the_search_page_and_api_count_from_the_snapshot(client, settings, snapshot_counts):
    """Outside the tests' transactions, as on a live site: no middleware or view wraps search
    in a transaction, so its answers use the kept snapshot."""
    settings.SEARCH_SNAPSHOT_IN_TRANSACTIONS = False
    ContentType.objects.clear_cache()
    snapshot.cache.clear()
    SearchEntryFactory(title="Harbour notes", tags=["harbourtag"])
    assert client.get("/search/", {"q": "harbour"}).status_code == 200
    answer = client.get("/api/search/", {"q": "harbour"}).json()
    assert answer["total"] == 1
    assert snapshot_counts == [True, True]
    snapshot.cache.clear()


def test_a_request_may_name_a_user_rather_than_a_viewer(entries, settings, snapshot_counts):
    settings.SEARCH_SNAPSHOT = True
    request = SearchRequest(viewer=None, query=parse("fees", synonyms.groups()))
    assert database_engine().search(request).total == 3  # anonymous: public entries only
    assert snapshot_counts == [True]


@pytest.mark.django_db(transaction=True)
def test_a_stale_snapshot_is_loaded_behind_exact_answers_counted_in_sql(
    settings, loads, snapshot_counts
):
    """With ``SEARCH_SNAPSHOT_BACKGROUND`` nobody waits for a load: the answer that finds the
    snapshot missing or stale is counted in SQL, already with the change, while a thread loads
    the new snapshot, which the answers after it use."""
    settings.SEARCH_SNAPSHOT_BACKGROUND = True
    entry = SearchEntryFactory(title="Harbour notes", tags=["harbourtag"])
    SearchEntryFactory(title="Harbour plans")
    request = SearchRequest(viewer=access.Viewer(), query=parse("harbour", synonyms.groups()))
    engine = database_engine()

    def counted():
        result = engine.search(request)
        return result.total, {f.value for f in result.facets["tag"]}

    assert counted() == (2, {"harbourtag"})  # no snapshot yet: counted in SQL
    snapshot.cache.wait(10)
    assert counted() == (2, {"harbourtag"})  # from the snapshot loaded behind
    assert snapshot_counts == [False, True]
    assert len(loads) == 1
    SearchEntry.objects.filter(pk=entry.pk).update(audience=Audience.MEMBERS)
    assert counted() == (1, set())  # the change is counted at once, in SQL
    snapshot.cache.wait(10)
    assert counted() == (1, set())
    assert snapshot_counts == [False, True, False, True]
    assert len(loads) == 2  # one load per change, however many answers
    snapshot.cache.clear()


@pytest.mark.django_db(transaction=True)
def test_a_background_load_that_fails_leaves_answers_counted_in_sql(settings, monkeypatch, caplog):
    settings.SEARCH_SNAPSHOT_IN_TRANSACTIONS = False
    settings.SEARCH_SNAPSHOT_BACKGROUND = True
    monkeypatch.setattr(snapshot, "MIN_RELOAD_SECONDS", 0)
    ContentType.objects.clear_cache()
    snapshot.cache.clear()
    SearchEntryFactory(title="Harbour notes")
    request = SearchRequest(viewer=access.Viewer(), query=parse("harbour", synonyms.groups()))
    engine = database_engine()
    real_load = snapshot.load

    def broken():
        raise RuntimeError("the database went away")

    monkeypatch.setattr(snapshot, "load", broken)
    assert engine.search(request).total == 1
    snapshot.cache.wait(10)
    assert "could not be loaded" in caplog.text
    assert engine.counts_from_snapshot(request) is None
    snapshot.cache.wait(10)
    monkeypatch.setattr(snapshot, "load", real_load)  # the lock was released: it tries again
    assert engine.counts_from_snapshot(request) is None
    snapshot.cache.wait(10)
    assert engine.counts_from_snapshot(request)[1] == 1
    snapshot.cache.clear()
