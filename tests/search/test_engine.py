"""Ranking, synonyms, facets and snippets of the database engine (SQLite or PostgreSQL)."""

import datetime

import pytest
from django.core.management import call_command

from search import selectors
from search.models import SearchEntry
from tests.factories.search import SearchEntryFactory

pytestmark = pytest.mark.django_db


def titles(text, **kwargs):
    return [hit.title for hit in selectors.search(user=None, text=text, **kwargs).result.hits]


def test_title_outranks_tags_outranks_summary_outranks_body():
    SearchEntryFactory(title="Other", body="about commissioning in general")
    SearchEntryFactory(title="Another", summary="commissioning explained")
    SearchEntryFactory(title="Tagged", tags=["commissioning"])
    SearchEntryFactory(title="Commissioning for councils")
    assert titles("commissioning") == [
        "Commissioning for councils",
        "Tagged",
        "Another",
        "Other",
    ]


def test_entries_matching_all_words_come_before_those_matching_some():
    SearchEntryFactory(title="Brokerage brokerage brokerage", body="brokerage")
    SearchEntryFactory(title="Notes", body="brokerage and invoices together")
    SearchEntryFactory(title="Invoices", body="invoices")
    result = selectors.search(user=None, text="brokerage invoices").result
    assert [h.title for h in result.hits][0] == "Notes"
    assert result.total == 3


def test_english_stemming():
    SearchEntryFactory(title="Paying for care", body="payments were made")
    assert titles("payment") == ["Paying for care"]
    assert titles("pays") == ["Paying for care"]


def test_superseded_items_are_demoted():
    SearchEntryFactory(title="Guidance on contracts", boost=0.3, date=datetime.date(2015, 1, 1))
    SearchEntryFactory(title="Guidance on contracts", boost=1.0, date=datetime.date(2013, 1, 1))
    hits = selectors.search(user=None, text="contracts").result.hits
    assert [h.date.year for h in hits] == [2013, 2015]


def test_newer_items_win_a_tie():
    SearchEntryFactory(title="Quarterly review", date=datetime.date(2013, 1, 1))
    SearchEntryFactory(title="Quarterly review", date=datetime.date(2015, 1, 1))
    hits = selectors.search(user=None, text="quarterly review").result.hits
    assert [h.date.year for h in hits] == [2015, 2013]


def test_sort_newest():
    SearchEntryFactory(title="Fees fees fees", date=datetime.date(2012, 1, 1))
    SearchEntryFactory(title="Note", body="fees", date=datetime.date(2016, 1, 1))
    assert titles("fees", sort="newest") == ["Note", "Fees fees fees"]


@pytest.mark.parametrize(
    ("query", "body"),
    [
        ("DP", "a direct payment for a resident"),
        ("direct payments", "the DP was agreed"),
        ("local authority", "the council agreed"),
        ("LA", "the local authority agreed"),
        ("top ups", "a topup from the family"),
        ("topup", "a top-up from the family"),
        ("top-up", "third party payment by a relative"),
        ("care home", "people in residential care"),
    ],
)
def test_synonyms_find_each_other(query, body):
    SearchEntryFactory(title="Case note", body=body)
    assert titles(query) == ["Case note"]


def test_synonyms_come_from_the_list_editors_edit():
    from search.models import Synonym

    SearchEntryFactory(title="Case note", body="adult social care helped")
    assert titles("ASC") == []
    Synonym.objects.create(terms="ASC, adult social care")
    assert titles("ASC") == ["Case note"]


def test_phrases_match_words_together_only():
    SearchEntryFactory(title="One", body="the care home fees")
    SearchEntryFactory(title="Two", body="home visits and care plans")
    assert titles('"home fees"') == ["One"]


def test_facets_count_matches_and_filters_narrow():
    SearchEntryFactory(
        kind="resource",
        title="Fees 1",
        organisation="Essex",
        date=datetime.date(2014, 5, 1),
        tags=["fees"],
    )
    SearchEntryFactory(kind="resource", title="Fees 2", organisation="Essex", tags=["fees"])
    SearchEntryFactory(kind="page", title="Fees 3", date=datetime.date(2015, 5, 1))
    SearchEntryFactory(kind="page", title="Unrelated")
    outcome = selectors.search(user=None, text="fees")
    facets = {
        name: {f.value: f.count for f in values} for name, values in outcome.result.facets.items()
    }
    assert facets["kind"] == {"resource": 2, "page": 1}
    assert facets["tag"] == {"fees": 2}
    assert facets["organisation"] == {"Essex": 2}
    assert facets["year"] == {"2014": 1, "2015": 1}
    assert outcome.result.total == 3
    assert titles("fees", filters={"kind": ["page"]}) == ["Fees 3"]
    assert sorted(titles("fees", filters={"tag": ["fees"], "year": ["2014"]})) == ["Fees 1"]


def test_snippets_mark_matches_and_escape_everything_else():
    SearchEntryFactory(title="X", body='<script>alert("x")</script> a payment & more')
    (hit,) = selectors.search(user=None, text="payment").result.hits
    assert "<mark>payment</mark>" in hit.snippet
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert "&amp; more" in hit.snippet


def test_title_with_markup_is_plain_text_in_the_api(client):
    SearchEntryFactory(title="<b>Bold</b> fees")
    data = client.get("/api/search/", {"q": "fees"}).json()
    assert data["hits"][0]["title"] == "<b>Bold</b> fees"  # JSON text, escaped by whoever renders


def test_pagination_is_stable_across_the_all_and_some_boundary():
    for n in range(7):
        SearchEntryFactory(title=f"Both {n}", body="alpha beta")
    for n in range(7):
        SearchEntryFactory(title=f"One {n}", body="alpha")
    first = selectors.search(user=None, text="alpha beta", per_page=5)
    second = selectors.search(user=None, text="alpha beta", per_page=5, page=2)
    third = selectors.search(user=None, text="alpha beta", per_page=5, page=3)
    seen = [h.title for o in (first, second, third) for h in o.result.hits]
    assert len(seen) == len(set(seen)) == 14
    assert all(t.startswith("Both") for t in seen[:7])


def test_similar_entries_finds_neighbours_of_a_long_question():
    SearchEntryFactory(title="Who pays the top-up when a resident moves?", kind="thread")
    SearchEntryFactory(title="Unrelated thread", kind="thread")
    SearchEntryFactory(title="Top-up guidance", kind="guidance")
    text = 'My "question" is about who pays a top up when someone moves ' + "word " * 40
    hits = selectors.similar_entries(user=None, text=text, kind="thread")
    assert [h.title for h in hits] == ["Who pays the top-up when a resident moves?"]


def test_search_reindex_command(capsys):
    SearchEntryFactory(title="Orphan")
    call_command("search_reindex")
    assert not SearchEntry.objects.filter(title="Orphan").exists()
    assert "Search entries rebuilt" in capsys.readouterr().out


def test_pages_agree_beyond_the_ranked_candidates(monkeypatch):
    """Only the newest few matches per group are scored; the rest must still page cleanly."""
    from search.engines import postgres, sqlite

    monkeypatch.setattr(sqlite, "CANDIDATES", 3)
    monkeypatch.setattr(postgres, "CANDIDATES", 3)
    for n in range(4):
        SearchEntryFactory(title=f"Quagga note {n}", date=datetime.date(2020, 1, 1 + n))
    for n in range(7):
        SearchEntryFactory(title=f"Body {n}", body="a quagga " * (n + 1))
    seen = []
    for page in range(1, 7):
        seen += titles("quagga", page=page, per_page=2)
    assert len(seen) == len(set(seen)) == 11
    assert all(title.startswith("Quagga note") for title in seen[:4])


def test_suggestions_follow_renamed_and_deleted_entries():
    from hub.accounts import access
    from search.engines import database_engine

    viewer = access.viewer_for(None)
    entry = SearchEntryFactory(title="Zebra crossing guidance")

    def suggested(text):
        return [s["title"] for s in database_engine().suggest(viewer, text)]

    assert suggested("zeb") == ["Zebra crossing guidance"]
    entry.title = "Yak shaving guidance"
    entry.save()
    assert suggested("zeb") == []
    assert suggested("yak") == ["Yak shaving guidance"]
    entry.delete()
    assert suggested("yak") == []


def test_snippets_look_for_the_word_only_near_the_start_of_a_very_long_text():
    from search.snippets import SCAN_CHARS, snippet

    near = "filler " * 100 + "the quagga fee " + "filler " * 40_000
    assert "<mark>quagga</mark>" in snippet([near, ""], ["quagga"])
    far = "opening words " + "filler " * (SCAN_CHARS // 7) + "the quagga fee"
    assert snippet([far, "about the quagga"], ["quagga"]) == "about the <mark>quagga</mark>"
    assert snippet([far, ""], ["quagga"]).startswith("opening words filler")


def test_body_only_matches_follow_once_title_matches_run_out_on_a_later_page():
    for n in range(12):
        SearchEntryFactory(title=f"Brokerage note {n}")
    SearchEntryFactory(title="Minutes", body="brokerage was discussed")
    first = selectors.search(user=None, text="brokerage", page=1).result.hits
    second = selectors.search(user=None, text="brokerage", page=2).result.hits
    assert all(hit.title.startswith("Brokerage") for hit in first) and len(first) == 10
    assert [hit.title for hit in second][-1] == "Minutes" and len(second) == 3
