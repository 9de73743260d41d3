"""The relevance bench's own parts: the metric on hand-worked examples, the plain BM25 baseline,
and a judged query set that still names real demo content. No scores are asserted."""

import io
import math

import pytest
from django.core.management import call_command

from bench import relevance
from discussions.models import Thread
from search.models import SearchEntry


def test_ndcg_of_a_hand_worked_ranking():
    grades = {"a": 3, "b": 2, "c": 1}
    # Ranked b, x (unjudged), a: gains 3, 0, 7 at discounts 1, 1/log2(3), 1/2.
    # Ideal a, b, c: gains 7, 3, 1.
    expected = (3 + 7 / 2) / (7 + 3 / math.log2(3) + 1 / 2)
    assert relevance.ndcg(["b", "x", "a"], grades) == pytest.approx(expected)
    assert expected == pytest.approx(0.692, abs=1e-3)
    assert relevance.ndcg(["a", "b", "c"], grades) == pytest.approx(1.0)
    assert relevance.ndcg(["x", "y"], grades) == 0.0


def test_ndcg_does_not_reward_listing_an_item_twice():
    grades = {"a": 3, "b": 3}
    assert relevance.ndcg(["a", "a"], grades) == pytest.approx(1 / (1 + 1 / math.log2(3)))
    assert relevance.ndcg(["a", "a", "b"], grades) < relevance.ndcg(["a", "b"], grades)


def test_ndcg_counts_only_the_first_ten_and_only_what_the_viewer_may_see():
    grades = {"a": 3}
    assert relevance.ndcg([f"x{i}" for i in range(10)] + ["a"], grades) == 0.0
    # "a" is hidden from this viewer: b and c in order are the best they could get.
    assert relevance.ndcg(["b", "c"], {"a": 3, "b": 2, "c": 1}, {"b", "c"}) == pytest.approx(1.0)
    assert relevance.ndcg(["b"], {"a": 3}, candidates={"b"}) is None
    assert relevance.mean([1.0, None, 0.5]) == pytest.approx(0.75)


def test_baseline_ranks_by_bm25_within_what_the_viewer_may_see():
    baseline = relevance.Bm25Baseline(
        [
            (1, "Top-up agreement template", "", "", "The third party pays the top-up."),
            (2, "Monitoring", "", "", "Checks on how the money is spent."),
            (3, "Handling top-ups", "", "", "A family top-up is a separate agreement."),
        ]
    )
    assert baseline.search("agreements", [1, 2, 3]) == [1, 3]  # stemmed; shorter text first
    assert baseline.search("agreement", [2, 3]) == [3]
    assert baseline.search('NEAR(top "up) OR title:x', [1, 2, 3])[:2] == [1, 3]
    assert baseline.search("", [1, 2, 3]) == []


def test_report_flags_queries_where_the_hub_is_below_the_baseline(capsys):
    queries = [relevance.Query("top ups", "", {("news", "A"): 3}), relevance.Query("x", "", {})]
    row = {"hub": 0.5, "bm25": 1.0, "hub_hits": [("news", "B")], "bm25_hits": [("news", "A")]}
    row |= {"typo": True, "hub_typo": 0.5, "bm25_typo": 0.25}
    empty = {"hub": None, "bm25": None, "hub_hits": [], "bm25_hits": []}
    empty |= {"typo": False, "hub_typo": None, "bm25_typo": None}
    results = {name: [row, empty] for name in relevance.VIEWERS}
    relevance.report(queries, results, missing={("thread", "T")})
    out = capsys.readouterr().out
    assert "top ups" in out and "below baseline" in out
    assert "mean" in out and "0.500  1.000" in out
    assert "below on 1" in out and "1 (thread)" in out
    assert "0 B" in out and "3 A" in out  # the hits shown with their grades
    assert "1 queries with a word misspelt" in out and "bm25 0.250 misspelt" in out


def test_the_judged_query_set_is_well_formed():
    queries = relevance.load_judgements()
    assert len(queries) >= 30
    assert len({q.text.lower() for q in queries}) == len(queries)
    for query in queries:
        assert 3 in query.grades.values(), f"{query.text!r} has no item graded 3"


def test_a_duplicate_judgement_is_refused(tmp_path):
    path = tmp_path / "judgements.json"
    judgement = '{"grade": 3, "kind": "news", "title": "T"}'
    path.write_text(f'{{"queries": [{{"query": "q", "judgements": [{judgement}, {judgement}]}}]}}')
    with pytest.raises(ValueError, match="twice"):
        relevance.load_judgements(path)


def test_every_judged_item_still_exists_in_the_demo_content(db, settings):
    settings.HUB_DEMO_PASSWORD = "demo-password-for-tests"
    call_command("load_demo", stdout=io.StringIO())
    call_command("search_reindex", stdout=io.StringIO())
    indexed = set(SearchEntry.objects.values_list("kind", "title"))
    threads = set(Thread.objects.values_list("title", flat=True))

    def exists(kind, title):
        # Threads are judged before discussions join the search index: the thread itself must
        # still be in the demo, so the judgement counts as soon as it is indexed.
        return (kind, title) in indexed or (kind == "thread" and title in threads)

    missing = [
        (query.text, key)
        for query in relevance.load_judgements()
        for key in query.grades
        if not exists(*key)
    ]
    assert missing == []
