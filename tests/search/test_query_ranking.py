"""Questions in plain English rank as their keywords do, on the database engine (SQLite in
`make test`, PostgreSQL in CI)."""

import pytest

from search import selectors, synonyms
from tests.factories.search import SearchEntryFactory

pytestmark = pytest.mark.django_db


def titles(text):
    return [hit.title for hit in selectors.search(user=None, text=text).result.hits]


def test_how_a_question_is_put_does_not_decide_the_all_words_tier():
    # Had "worked" and "out" been words every hit must match, the notice that happens to use
    # them would rank first and the guide to the budget, with neither word, last.
    SearchEntryFactory(title="Brokerage budget guide", body="How the brokerage budget is built.")
    SearchEntryFactory(
        title="Office notice", body="We worked out the rota; the brokerage budget is out later."
    )
    SearchEntryFactory(title="Brokerage budget review", body="A brokerage budget, line by line.")
    question = titles("How is a brokerage budget worked out?")
    assert question == titles("brokerage budget")
    assert question[0] != "Office notice"


def test_the_same_words_not_put_as_a_question_must_all_match():
    SearchEntryFactory(title="Brokerage set-up costs", body="Set up costs of a brokerage.")
    SearchEntryFactory(title="Brokerage costs", body="What a brokerage costs.")
    assert titles("brokerage set up costs")[0] == "Brokerage set-up costs"


@pytest.mark.parametrize(
    ("abbreviation", "written_out"),
    [
        ("DPA", "Deferred payment agreement"),
        ("CHC", "Continuing healthcare"),
        ("PEA", "Personal expenses allowance"),
        ("PA", "Employing a personal assistant"),
    ],
)
def test_the_abbreviations_councils_use_find_what_they_stand_for(abbreviation, written_out):
    synonyms.forget()  # the list migrations seeded, not one an earlier test cached
    SearchEntryFactory(title=written_out, body="What it is and how it works.")
    SearchEntryFactory(title="Unrelated notes", body="Nothing to do with it.")
    assert titles(abbreviation) == [written_out]
