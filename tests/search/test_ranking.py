"""Ranking rules of the database engine (SQLite in `make test`, PostgreSQL in CI), each on the
smallest set of entries that shows it."""

import datetime

import pytest

from search import selectors
from tests.factories.search import SearchEntryFactory

pytestmark = pytest.mark.django_db


def hits(text, user=None):
    return selectors.search(user=user, text=text).result.hits


def titles(text, user=None):
    return [hit.title for hit in hits(text, user)]


def test_an_entry_with_some_words_in_its_title_and_the_rest_in_its_body_is_listed_once():
    SearchEntryFactory(title="Brokerage notes", body="what the invoices said")
    SearchEntryFactory(title="Brokerage only")
    assert titles("brokerage invoices") == ["Brokerage notes", "Brokerage only"]


def test_a_newer_item_gains_at_most_a_tie_break():
    today = datetime.date.today()
    SearchEntryFactory(title="Quarterly brokerage review", date=today)
    SearchEntryFactory(title="Quarterly brokerage review", date=today.replace(year=today.year - 10))
    new, old = hits("brokerage")
    assert new.date == today  # equal matches: the newer first
    assert 1.0 < new.score / old.score <= 1.02


def test_a_newer_item_does_not_outrank_a_clearly_better_older_one():
    today = datetime.date.today()
    SearchEntryFactory(title="Notes", tags=["brokerage"], date=today)
    SearchEntryFactory(title="Brokerage notes", date=today.replace(year=today.year - 12))
    SearchEntryFactory(title="Unrelated")  # so that the word is not in every entry
    assert titles("brokerage") == ["Brokerage notes", "Notes"]


def test_matching_two_words_of_three_ranks_above_matching_one():
    # One word in the title outweighs one in a summary, but two words beat one.
    SearchEntryFactory(title="Brokerage guide")
    SearchEntryFactory(title="Notes", summary="invoices and quarterly figures")
    SearchEntryFactory(title="Everything", body="brokerage, invoices and quarterly figures")
    assert titles("brokerage invoices quarterly") == ["Everything", "Notes", "Brokerage guide"]


def test_a_rare_word_counts_for_more_than_a_common_one():
    SearchEntryFactory(title="Brokerage notes")
    for number in range(6):
        SearchEntryFactory(title=f"Payments update {number}")
    SearchEntryFactory(title="Unrelated")
    assert titles("brokerage payments")[0] == "Brokerage notes"


def test_two_words_of_three_in_the_body_rank_above_one_word_in_the_title():
    # Eleven head matches fill the first page on their own: the body-only entry matching
    # more of the words must still be found and put first, on the first page.
    for number in range(11):
        SearchEntryFactory(title=f"Brokerage note {number}")
    SearchEntryFactory(title="Minutes", body="the invoices came quarterly, as agreed")
    SearchEntryFactory(title="Unrelated")
    found = titles("brokerage invoices quarterly")
    assert found[0] == "Minutes"
    assert len(found) == 10


def test_pages_of_partial_matches_agree_beyond_the_ranked_candidates(monkeypatch):
    from search.engines import postgres, sqlite

    monkeypatch.setattr(sqlite, "CANDIDATES", 3)
    monkeypatch.setattr(postgres, "CANDIDATES", 3)
    for number in range(5):
        SearchEntryFactory(title=f"Brokerage note {number}")
    for number in range(5):
        SearchEntryFactory(title=f"Minutes {number}", body="invoices, quarterly")
    SearchEntryFactory(title="Unrelated")
    seen = []
    for page in range(1, 7):
        answer = selectors.search(
            user=None, text="brokerage invoices quarterly", page=page, per_page=2
        )
        seen += [hit.title for hit in answer.result.hits]
    assert len(seen) == len(set(seen)) == 10
    # The newest three of each group are ranked: two words before one.
    assert seen[:3] == ["Minutes 4", "Minutes 3", "Minutes 2"]


def test_a_quoted_phrase_ranks_first_then_entries_with_all_its_words_apart():
    SearchEntryFactory(title="Minutes", body="a three-way agreement was signed")
    # All the words, in the title even, but not as the phrase: after the phrase.
    SearchEntryFactory(title="Agreement three ways", body="one way or another")
    SearchEntryFactory(title="Agreement only")  # not every word: not a match
    SearchEntryFactory(title="Unrelated")
    assert titles('"three-way agreement"') == ["Minutes", "Agreement three ways"]
    # Beside other words, the words apart still count as matching the quoted phrase.
    assert titles('"three-way agreement" minutes') == ["Minutes", "Agreement three ways"]


def test_a_quoted_phrase_in_a_body_ranks_above_its_words_apart_in_titles_filling_the_page():
    # Eleven entries hold the words apart in their titles and fill the first page on their own:
    # the body-only entry with the phrase as typed must still be found and put first.
    for number in range(11):
        SearchEntryFactory(title=f"Agreement {number}, three ways")
    SearchEntryFactory(title="Minutes", body="a three-way agreement was signed")
    SearchEntryFactory(title="Unrelated")
    found = titles('"three-way agreement"')
    assert found[0] == "Minutes"
    assert len(found) == 10


def test_a_hyphenated_word_stays_a_phrase():
    SearchEntryFactory(title="Minutes", body="a three-way agreement was signed")
    SearchEntryFactory(title="Three good ways", body="one way or another")
    assert titles("three-way") == ["Minutes"]


def test_a_question_ranks_as_its_keywords_do():
    # Had "happens" been a word every hit must match, the second would rank first: two of
    # three words, both in its title.
    SearchEntryFactory(title="Top-up agreements", body="If the payment stops, the council pays.")
    SearchEntryFactory(title="What happens to a top-up", body="Nothing changes.")
    SearchEntryFactory(title="Unrelated")
    question = titles("What happens if the top-up stops?")
    assert question[0] == "Top-up agreements"
    assert question == titles("top-up stops")
