"""Phrases whose words many entries hold: matched as phrases, ranked without reading every
entry's positions (``search.engines.sqlite``), and counted up to a cap (test_views.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from search import selectors
from search.engines import sqlite
from search.query import parse
from tests.factories.search import SearchEntryFactory

pytestmark = pytest.mark.django_db

SYNONYMS = [[("dp",), ("direct", "payment"), ("direct", "payments")]]


def test_alternatives_the_index_reads_alike_are_matched_once():
    (term,) = parse("DP", SYNONYMS).terms
    assert sqlite.distinct_alternatives(term) == [("dp",), ("direct", "payment")]
    assert sqlite.match_expression(parse("DP", SYNONYMS), "any") == '("dp" OR "direct payment")'


def test_ranking_expression_holds_each_word_once():
    query = parse('"direct payment" DP', SYNONYMS)
    assert sqlite.rank_expression(query) == '"direct" OR "payment" OR "dp"'


@pytest.fixture
def entries():
    SearchEntryFactory(title="Direct payment guide", body="How to set one up.")
    SearchEntryFactory(title="Notes", body="A direct payment for a care home resident.")
    SearchEntryFactory(title="DP checklist", body="Questions to ask.")
    SearchEntryFactory(title="Minutes", body="The payment was direct to the home.")  # apart
    SearchEntryFactory(title="Direct payments in practice", body="Several direct payments.")


def _titles(text):
    hits = selectors.search(user=AnonymousUser(), text=text, verbatim=True).result.hits
    assert all(hit.score > 0 for hit in hits)  # every candidate was scored, head or body
    return [hit.title for hit in hits]


@pytest.mark.parametrize("span", [4_000, 0], ids=["one pass", "a pass per group"])
@pytest.mark.parametrize("text", ["DP", "direct payment", '"direct payment"', "DP checklist"])
def test_a_common_phrase_matches_and_ranks_as_a_rare_one(entries, monkeypatch, text, span):
    if connection.vendor != "sqlite":
        pytest.skip("FTS5 ranking")
    rare = _titles(text)
    monkeypatch.setattr(sqlite, "COMMON_PHRASE", 1)  # every phrase counts as common
    monkeypatch.setattr(sqlite, "ONE_PASS_SPAN", span)
    common = _titles(text)
    assert set(common) == set(rare)
    # Head matches (title, tags, summary) still come before body-only ones.
    heads = [title for title in common if title != "Notes" and title != "Minutes"]
    assert common[: len(heads)] == heads
    if text == "DP":
        assert "Minutes" not in common  # its words are apart: not the phrase
        assert sorted(common) == sorted(rare)
