"""What people type becomes words and phrases only; long input is refused with a reason."""

import pytest

from search.engines.sqlite import match_expression
from search.query import MAX_QUERY_WORDS, QueryError, parse

SYNONYMS = [
    [("dp",), ("direct", "payment"), ("direct", "payments")],
    [("la",), ("council",), ("local", "authority")],
    [("top", "up"), ("topup",), ("third", "party", "payment")],
    [("care", "home"), ("residential", "care")],
]

ODD_INPUTS = [
    '"',
    'foo"bar',
    "*",
    "NEAR(a b)",
    "title:x",
    "AND OR NOT",
    "(",
    "{",
    "^",
    "-x",
    "_exists_:body",
    "/.*/",
    "a~10",
    '"><svg onload=alert(1)>',
    "'; DROP TABLE search_searchentry; --",
    '"NEAR(a b) AND title:x -y* OR"',  # a quoted phrase's words also reach engines loose
]


@pytest.mark.parametrize("text", ODD_INPUTS)
def test_odd_input_becomes_plain_words(text):
    query = parse(text, SYNONYMS)
    for term in query.terms:
        for alternative in (*term.alternatives, term.loose):
            for word in alternative:
                assert word.isalnum(), word
    # Whatever reaches FTS5 is quoted strings joined by our own operators.
    if query:
        expression = match_expression(query, "all")
        assert expression.count('"') % 2 == 0


def test_phrases_are_kept_together():
    query = parse('"care home" fees', [])
    assert [t.alternatives for t in query.terms] == [(("care", "home"),), (("fees",),)]


def test_unmatched_quote_is_dropped():
    assert [t.text for t in parse('foo"bar', []).terms] == ["foo", "bar"]


def test_stop_words_are_dropped_unless_nothing_else_is_left():
    assert [t.text for t in parse("the payment of fees", []).terms] == ["payment", "fees"]
    assert [t.text for t in parse("the", []).terms] == ["the"]


def test_synonyms_expand_words_and_phrases():
    query = parse("DP for a care home", SYNONYMS)
    assert query.terms[0].alternatives[0] == ("dp",)
    assert ("direct", "payment") in query.terms[0].alternatives
    assert ("residential", "care") in query.terms[1].alternatives


@pytest.mark.parametrize("text", ["top ups", "top-up", "topup", "top up"])
def test_every_spelling_of_top_up_finds_the_others(text):
    (term,) = parse(text, SYNONYMS).terms
    flattened = {" ".join(a) for a in term.alternatives}
    assert {"topup", "third party payment"} <= flattened | {"topup"}
    assert len(flattened) >= 3


def test_too_long_is_refused_with_a_reason():
    with pytest.raises(QueryError, match="501 characters"):
        parse("a" * 501)
    with pytest.raises(QueryError, match=f"{MAX_QUERY_WORDS} or fewer"):
        parse(" ".join(["word"] * (MAX_QUERY_WORDS + 1)))


def test_nul_and_control_characters_are_spaces():
    assert [t.text for t in parse("care\x00home\x07", []).terms] == ["care", "home"]


def test_only_quoted_phrases_also_match_their_words_apart():
    quoted, hyphenated = parse('"the three-way agreement" top-up', SYNONYMS).terms
    assert quoted.alternatives == (("the", "three", "way", "agreement"),)
    assert quoted.loose == ("three", "way", "agreement")  # stop words left out
    assert hyphenated.loose == ()
    assert parse("three way", []).terms[0].loose == ()
    # Quoted stop words alone keep their words, so the phrase still means something.
    assert parse('"in the"', []).terms[0].loose == ("in", "the")


def test_a_quoted_phrase_reaches_fts5_as_quoted_words_only():
    expression = match_expression(parse('"three-way agreement"', []), "all")
    # The phrase as typed is found with its words (it is ranked above them apart, not matched
    # apart: an entry holding the phrase holds every word of it).
    assert expression == '(("three" AND "way" AND "agreement"))'
    expression = match_expression(parse('"care home"', SYNONYMS), "all")
    assert expression == '("residential care" OR ("care" AND "home"))'


@pytest.mark.parametrize(
    ("question", "keywords"),
    [
        ("what happens if the top-up stops", ["top up", "stops"]),
        ("which councils were deep dive sites?", ["councils", "deep", "dive", "sites"]),
        ("how do I pay a care home", ["pay", "care", "home"]),
        ("why does the resident need a financial assessment", ["resident", "need", "financial",
                                                               "assessment"]),
    ],
)  # fmt: skip
def test_question_words_never_become_terms_every_hit_must_match(question, keywords):
    assert [term.text for term in parse(question, []).terms] == keywords


@pytest.mark.parametrize(
    ("question", "keywords"),
    [
        ("how is a personal budget worked out?", ["personal", "budget"]),
        ("how long does a deferred payment take to set up?", ["deferred", "payment"]),
        ("what does the disregard mean", ["disregard"]),
        ("Can a resident get a top up?", ["resident", "top up"]),
    ],
)
def test_how_a_question_is_put_never_becomes_a_term(question, keywords):
    assert [term.text for term in parse(question, SYNONYMS).terms] == keywords


@pytest.mark.parametrize(
    ("text", "keywords"),
    [
        # Not a question: every word is what the person is looking for.
        ("set up costs", ["set", "up", "costs"]),
        ("long term care", ["long", "term", "care"]),
        # In a question, a filler word inside a phrase or a hyphenated word stays.
        ('what is "set up" for?', ["set up"]),
        ("how are long-term placements paid?", ["long term", "placements", "paid"]),
        # A question made only of filler keeps its words rather than finding nothing.
        ("how long does it take?", ["long", "take"]),
    ],
)
def test_filler_words_are_dropped_only_from_questions(text, keywords):
    assert [term.text for term in parse(text, SYNONYMS).terms] == keywords


def test_a_quoted_question_keeps_its_words_as_a_phrase():
    (term,) = parse('"what happens if"', []).terms
    assert term.alternatives == (("what", "happens", "if"),)
