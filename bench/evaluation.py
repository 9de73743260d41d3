"""The hub's own evaluation: nDCG@10 on public documents it has never been tuned on, beside BM25.

`bench/eval/` holds the corpus (one text file per public document, with a manifest), and
`bench/eval/queries.json` the judged queries: keywords and abbreviations, misspellings and
plain-English questions, each graded 0-3 against every document before any ranking work, and
split into a *tune* half and a *report* half (`split`, below, is the rule; the file stores its
result so the halves can be checked and never drift).

`main()` imports the corpus into a throwaway SQLite database and, if reachable, a throwaway
PostgreSQL database (``eval_bench`` beside ``BENCH_POSTGRES_URL``, or the name in
``BENCH_EVAL_DATABASE``; ``BENCH_DATABASES=sqlite`` skips it), each in a child process because
settings are read once per process. The import is the real one: ``import_resources DIR
--manifest FILE --extract-now`` on plain-text copies of the documents (the text without its
header; title, kind and date from the manifest). It rebuilds the search entries, then runs
every query for an anonymous reader through the hub's search (`search.selectors.search`, as the
search page calls it) and through a BM25 baseline over the same entries' text: `bm25s` (Lucene
BM25, k1 1.5, b 0.75) with PyStemmer's English Snowball stemmer and English stop words, title +
tags + summary + body as one text, every query word counted: no field weights, synonyms,
phrases, typo correction or dates.

It prints nDCG@10 per half, per class and overall, hub beside BM25, and their ratio. Per-query
figures are printed for the tune half only: nobody should tune on what the report half says.

    python -m bench.evaluation
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench import relevance
from bench.relevance import DEPTH, mean, ndcg

HERE = Path(__file__).resolve().parent / "eval"
DOCS = HERE / "docs"
MANIFEST = HERE / "manifest.csv"
QUERIES = HERE / "queries.json"
CLASSES = ("keyword", "misspelt", "question")
HALVES = ("tune", "report")
POSTGRES_NAME = os.environ.get("BENCH_EVAL_DATABASE", "eval_bench")
DISTRACTOR = "distractor"  # a manifest kind of its own; imported as "other"
# ``BENCH_EVAL_HALF=tune`` runs and prints the tune half only (what to look at while tuning).
HALF_ONLY = os.environ.get("BENCH_EVAL_HALF", "")


@dataclass(frozen=True)
class Query:
    text: str
    kind: str  # one of CLASSES
    half: str  # one of HALVES
    grades: dict  # document file name -> grade 0..3


# --- The set ------------------------------------------------------------------------------------


def load_manifest(path=MANIFEST) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_queries(path=QUERIES) -> list[Query]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    queries = []
    for item in data["queries"]:
        if item["class"] not in CLASSES or item["half"] not in HALVES:
            raise ValueError(f"{item['query']!r}: class or half is not one of the known ones")
        for name, grade in item["judgements"].items():
            if grade not in (0, 1, 2, 3):
                raise ValueError(f"{item['query']!r}: grade {grade} for {name} is not 0-3")
        queries.append(Query(item["query"], item["class"], item["half"], item["judgements"]))
    return queries


def split_key(text: str) -> str:
    """A stable hash of the query as typed, ignoring case and runs of spaces."""
    return hashlib.sha256(" ".join(text.casefold().split()).encode("utf-8")).hexdigest()


def split(queries) -> dict[str, str]:
    """Query text -> half: within each class, sorted by `split_key`, alternately tune and report.

    Alternating within a class keeps misspelt, question and keyword queries balanced across
    the halves; the hash keeps the order independent of how the file is arranged.
    """
    halves = {}
    for kind in CLASSES:
        members = sorted((q for q in queries if q.kind == kind), key=lambda q: split_key(q.text))
        for index, query in enumerate(members):
            halves[query.text] = HALVES[index % 2]
    return halves


def read_document(path: Path) -> tuple[dict, str]:
    """A corpus file's header fields and its text (everything after the first blank line)."""
    head, _, text = path.read_text(encoding="utf-8").partition("\n\n")
    fields = {}
    for line in head.splitlines():
        name, _, value = line.partition(":")
        fields[name.strip().lower()] = value.strip()
    return fields, text.strip()


def import_manifest_row(row: dict) -> dict:
    """The `import_resources` manifest row for one corpus document: its date as precise as the
    source gives it ("2015", "2015-08" or "2015-08-03"), as the importer takes them."""
    kind = "other" if row["kind"] == DISTRACTOR else row["kind"]
    return {"file": row["file"], "title": row["title"], "kind": kind, "date": row["date"]}


def write_import_folder(folder: Path, rows) -> Path:
    """Plain-text copies of the documents (no header) and an import manifest; its path."""
    folder.mkdir(parents=True, exist_ok=True)
    for row in rows:
        _, text = read_document(DOCS / row["file"])
        (folder / row["file"]).write_text(text + "\n", encoding="utf-8")
    manifest = folder.parent / "import-manifest.csv"
    with open(manifest, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["file", "title", "kind", "date"])
        writer.writeheader()
        writer.writerows(import_manifest_row(row) for row in rows)
    return manifest


# --- The baseline ------------------------------------------------------------------------------


class StemmedBm25:
    """Textbook BM25 with English stemming and stop words (bm25s + PyStemmer)."""

    def __init__(self, keys, texts):
        import bm25s
        import Stemmer

        # Its progress notes are debug records, which the test settings would print.
        logging.getLogger("bm25s").setLevel(logging.WARNING)
        self.bm25s = bm25s
        self.stemmer = Stemmer.Stemmer("english")
        self.keys = list(keys)
        self.retriever = bm25s.BM25()
        self.retriever.index(self._tokens(texts), show_progress=False)

    def _tokens(self, texts):
        return self.bm25s.tokenize(
            list(texts), stopwords="en", stemmer=self.stemmer, show_progress=False
        )

    def search(self, text, depth=DEPTH) -> list:
        tokens = self._tokens([text])
        if not tokens.vocab:
            return []
        documents, scores = self.retriever.retrieve(
            tokens, k=min(depth, len(self.keys)), show_progress=False
        )
        # Documents that share no word with the query score 0: they are not results.
        return [
            self.keys[index]
            for index, score in zip(documents[0], scores[0], strict=True)
            if score > 0
        ]


# --- The figures -------------------------------------------------------------------------------


def summarise(queries, rows) -> dict:
    """Mean nDCG of hub and BM25 per (half, class), per half and overall; rows align with
    queries. Keys are (half or "all", class or "all")."""
    table = {}
    for half in (*HALVES, "all"):
        for kind in (*CLASSES, "all"):
            chosen = [
                row
                for query, row in zip(queries, rows, strict=True)
                if half in ("all", query.half) and kind in ("all", query.kind)
            ]
            hub = mean(row["hub"] for row in chosen)
            bm25 = mean(row["bm25"] for row in chosen)
            table[half, kind] = {
                "n": sum(row["hub"] is not None for row in chosen),
                "hub": hub,
                "bm25": bm25,
                "ratio": hub / bm25 if bm25 else float("nan"),
            }
    return table


def report(queries, rows, out=sys.stdout):
    table = summarise(queries, rows)
    print(f"nDCG@{DEPTH}, anonymous reader, {len(queries)} judged queries", file=out)
    print(f"{'':<22}{'queries':>8}{'hub':>8}{'bm25':>8}{'hub/bm25':>10}", file=out)
    present = {query.half for query in queries}
    for half in (*HALVES, "all"):
        if half != "all" and half not in present:
            continue
        for kind in (*CLASSES, "all"):
            cell = table[half, kind]
            label = f"{half} {kind}" if kind != "all" else f"{half} (all classes)"
            print(
                f"{label:<22}{cell['n']:>8}{cell['hub']:>8.3f}{cell['bm25']:>8.3f}"
                f"{cell['ratio']:>9.3f}×",
                file=out,
            )
    print("\nTune half, per query (the report half is shown only as the means above):", file=out)
    for query, row in zip(queries, rows, strict=True):
        if query.half != "tune":
            continue
        flag = "  below baseline" if row["hub"] < row["bm25"] - 1e-9 else ""
        print(f"  {query.kind:<9}{row['hub']:6.3f}{row['bm25']:7.3f}  {query.text}{flag}", file=out)
        if flag:
            for label in ("hub", "bm25"):
                shown = "; ".join(
                    f"{query.grades.get(name, 0)} {name[:40]}" for name in row[label + "_hits"][:5]
                )
                print(f"      {label:<5}{shown or '(nothing)'}", file=out)
    return table


# --- The run -----------------------------------------------------------------------------------


def evaluate(queries, title_to_file) -> list[dict]:
    """Both rankings of every query for an anonymous reader, on this database's entries."""
    from django.contrib.auth.models import AnonymousUser

    from hub.accounts import access
    from search.engines.database import visible_entries
    from search.selectors import search

    viewer = AnonymousUser()
    visible = visible_entries(access.viewer_for(viewer)).values_list(
        "title", "tags_text", "summary", "body"
    )
    # Anything else in the index (none after a fresh import) is a candidate too, never judged.
    entries = [
        (title_to_file.get(title, f"?{title}"), (title, *parts)) for title, *parts in visible
    ]
    baseline = StemmedBm25(
        [name for name, _ in entries],
        ["\n".join(part or "" for part in parts) for _, parts in entries],
    )
    seen = {name for name, _ in entries}
    rows = []
    for query in queries:
        hits = search(user=viewer, text=query.text, per_page=DEPTH).result.hits
        hub = [title_to_file.get(hit.title, f"?{hit.title}") for hit in hits]
        bm25 = baseline.search(query.text)
        rows.append(
            {
                "hub": ndcg(hub, query.grades, seen),
                "bm25": ndcg(bm25, query.grades, seen),
                "hub_hits": hub,
                "bm25_hits": bm25,
            }
        )
    if missing := {name for q in queries for name in q.grades if name not in seen}:
        print(f"warning: {len(missing)} judged documents are not visible in the index")
    return rows


def child():
    """Inside the throwaway database: import the corpus, rebuild search, judge both rankings."""
    import django

    django.setup()
    from django.core.management import call_command

    from search.models import SearchEntry

    call_command("migrate", interactive=False, verbosity=0)
    rows = load_manifest()
    with tempfile.TemporaryDirectory(prefix="bench-eval-import-") as tmp:
        folder = Path(tmp) / "docs"
        manifest = write_import_folder(folder, rows)
        out = io.StringIO()
        try:
            call_command(
                "import_resources", str(folder), manifest=manifest, extract_now=True, stdout=out
            )
        except Exception as error:  # noqa: BLE001 (the summary says which files, then we stop)
            print(out.getvalue()[-2000:])
            raise SystemExit(f"The corpus did not import: {error}") from error
        print(out.getvalue().strip().splitlines()[-1])
    call_command("search_reindex", stdout=io.StringIO())
    print(f"{SearchEntry.objects.count()} search entries")
    queries = load_queries()
    if HALF_ONLY:
        # While tuning: the tune half alone, so the report half is never seen until the end.
        queries = [query for query in queries if query.half == HALF_ONLY]
    rows_out = evaluate(queries, {row["title"]: row["file"] for row in rows})
    report(queries, rows_out)
    return 0


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        return child()
    wanted = os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")
    worst = 0
    with tempfile.TemporaryDirectory(prefix="bench-eval-") as tmp:
        targets = (
            [("SQLite", f"sqlite:///{Path(tmp) / 'eval.sqlite3'}")] if "sqlite" in wanted else []
        )
        if "postgresql" in wanted:
            url = relevance.fresh_postgres_database(POSTGRES_NAME)
            if url:
                targets.append(("PostgreSQL", url))
            else:
                print("PostgreSQL not reachable at BENCH_POSTGRES_URL: evaluation on SQLite only.")
        for label, url in targets:
            print(f"-- {label} --", flush=True)
            environment = {
                **os.environ,
                "DATABASE_URL": url,
                "DJANGO_SETTINGS_MODULE": "hub.settings.test",
                "MEDIA_ROOT": str(Path(tmp) / "media"),
                # Empty values win over a developer's .env: the figures are the database
                # engine's, with the local-memory cache.
                "REDIS_URL": "",
                "ELASTICSEARCH_URL": "",
            }
            completed = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
                [sys.executable, "-m", "bench.evaluation", "--child"], env=environment, check=False
            )
            worst = worst or completed.returncode
    if any(label == "PostgreSQL" for label, _ in targets):
        relevance.drop_postgres_database(POSTGRES_NAME)
    return worst


if __name__ == "__main__":
    sys.exit(main())
