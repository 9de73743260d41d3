"""The evaluation set's own checks: the split is the rule's and its halves are disjoint and
balanced, every judgement names a document in the manifest, the corpus imports through the
real command, and the figures are computed right on hand-worked examples. No score of the hub
is asserted."""

import io
import math

import pytest
from django.core.management import call_command

from bench import evaluation
from search.models import SearchEntry


@pytest.fixture(scope="module")
def queries():
    return evaluation.load_queries()


@pytest.fixture(scope="module")
def manifest():
    return evaluation.load_manifest()


def test_the_stored_split_is_the_rules_and_stable(queries):
    halves = evaluation.split(queries)
    assert {q.text: q.half for q in queries} == halves
    # The rule depends on the texts only: not on the order of the file, case or extra spaces.
    shuffled = sorted(queries, key=lambda q: q.text[::-1])
    assert evaluation.split(shuffled) == halves
    assert evaluation.split_key("What  Happens if") == evaluation.split_key("what happens if")


def test_the_halves_are_disjoint_and_balanced_across_classes(queries):
    texts = [" ".join(q.text.casefold().split()) for q in queries]
    assert len(texts) == len(set(texts)), "a query appears twice, so it could be in both halves"
    tune = {q.text for q in queries if q.half == "tune"}
    report = {q.text for q in queries if q.half == "report"}
    assert tune and report and not tune & report
    assert tune | report == {q.text for q in queries}
    for kind in evaluation.CLASSES:
        counts = [
            sum(q.kind == kind and q.half == half for q in queries) for half in ("tune", "report")
        ]
        assert min(counts) >= 10 and abs(counts[0] - counts[1]) <= 1, (kind, counts)
    assert len(queries) >= 60


def test_every_judged_document_is_in_the_manifest_and_on_disk(queries, manifest):
    files = {row["file"] for row in manifest}
    assert len(files) == len(manifest), "a file is listed twice"
    assert len({row["title"] for row in manifest}) == len(manifest), "hits are named by title"
    for query in queries:
        assert set(query.grades) <= files, query.text
        assert any(grade > 0 for grade in query.grades.values()), f"nothing relevant: {query.text}"
    on_disk = {path.name for path in evaluation.DOCS.glob("*.txt")}
    assert on_disk == files
    for row in manifest:
        fields, text = evaluation.read_document(evaluation.DOCS / row["file"])
        assert fields["title"] == row["title"] and fields["source"] == row["source"]
        assert fields["source"].startswith(("http://", "https://"))
        assert text, row["file"]
    assert sum(row["kind"] != evaluation.DISTRACTOR for row in manifest) >= 100
    assert sum(row["kind"] == evaluation.DISTRACTOR for row in manifest) >= 10


def test_ndcg_and_the_summary_on_a_tiny_hand_example():
    grades = {"a.txt": 3, "b.txt": 1}
    # Ranked b, a: gains 1, 7 at discounts 1, 1/log2(3); ideal a, b: 7, then 1/log2(3).
    expected = (1 + 7 / math.log2(3)) / (7 + 1 / math.log2(3))
    assert evaluation.ndcg(["b.txt", "a.txt"], grades) == pytest.approx(expected)
    assert expected == pytest.approx(0.710, abs=1e-3)
    queries = [
        evaluation.Query("one", "keyword", "tune", grades),
        evaluation.Query("two", "question", "report", grades),
    ]
    rows = [{"hub": 1.0, "bm25": 0.5}, {"hub": 0.3, "bm25": 0.6}]
    table = evaluation.summarise(queries, rows)
    assert table["tune", "keyword"]["ratio"] == pytest.approx(2.0)
    assert table["report", "all"] == {"n": 1, "hub": 0.3, "bm25": 0.6, "ratio": pytest.approx(0.5)}
    assert table["all", "all"]["hub"] == pytest.approx(0.65)
    assert math.isnan(table["tune", "question"]["hub"])


def test_the_report_shows_per_query_figures_for_the_tune_half_only():
    grades = {"a.txt": 3}
    queries = [
        evaluation.Query("seen query", "keyword", "tune", grades),
        evaluation.Query("hidden query", "keyword", "report", grades),
    ]
    row = {"hub": 0.5, "bm25": 1.0, "hub_hits": ["x.txt"], "bm25_hits": ["a.txt"]}
    out = io.StringIO()
    evaluation.report(queries, [row, dict(row)], out=out)
    text = out.getvalue()
    assert "seen query" in text and "below baseline" in text
    assert "hidden query" not in text


def test_baseline_stems_english_and_ignores_stop_words():
    baseline = evaluation.StemmedBm25(
        ["a", "b", "c"],
        [
            "Deferred payment agreements for care home fees",
            "Missed bin collections",
            "What the council pays towards a care home",
        ],
    )
    assert baseline.search("deferring payments")[0] == "a"  # stemmed
    assert baseline.search("the of") == []  # nothing but stop words
    assert baseline.search("bins") == ["b"]  # a word no other text shares finds only its own


def test_dates_keep_their_precision_and_distractors_become_other():
    row = {
        "file": "x.txt",
        "title": "X",
        "source": "https://x",
        "date": "2015-08",
        "kind": "distractor",
    }
    assert evaluation.import_manifest_row(row) == {
        "file": "x.txt",
        "title": "X",
        "kind": "other",
        "date": "2015-08",
    }
    row = {**row, "date": "2018-05-25", "kind": "evaluation"}
    assert evaluation.import_manifest_row(row)["date"] == "2018-05-25"


@pytest.mark.django_db
def test_corpus_documents_import_through_the_real_command_and_are_searchable(tmp_path, manifest):
    # One of each sort the corpus holds: a report, guidance, a distractor, and a partial date.
    rows = [manifest[0], manifest[12], next(r for r in manifest if r["kind"] == "distractor")]
    rows.append(next(r for r in manifest if len(r["date"]) == 7 and r not in rows))
    folder = tmp_path / "docs"
    path = evaluation.write_import_folder(folder, rows)
    out = io.StringIO()
    call_command("import_resources", str(folder), manifest=path, extract_now=True, stdout=out)
    assert "Imported 4, skipped 0 already in the library, failed 0." in out.getvalue()
    partial = SearchEntry.objects.get(title=rows[3]["title"])
    assert (partial.date.isoformat()[:7], partial.date_precision) == (rows[3]["date"], "month")
    call_command("search_reindex", stdout=io.StringIO())
    entries = dict(SearchEntry.objects.values_list("title", "body"))
    for row in rows:
        _, text = evaluation.read_document(evaluation.DOCS / row["file"])
        assert text.split()[5] in entries[row["title"]]
        assert "Source:" not in entries[row["title"]]
