"""Relevance figures: nDCG@10 of the hub's search on a judged query set, beside plain BM25.

`main()` builds the demo content in a throwaway SQLite database and, if reachable, a throwaway
PostgreSQL database (``relevance_bench`` beside ``BENCH_POSTGRES_URL``, or the name in
``BENCH_RELEVANCE_DATABASE``, dropped after each run;
``BENCH_DATABASES=sqlite`` skips it), each in a child process because settings are read once
per process. It rebuilds the search entries, then runs every query in `bench/judgements.json`
twice for each viewer (an anonymous reader and the approved demo `member`): once through the
hub's own search (`search.selectors.search`, what the search page calls) and once through a
plain BM25 baseline over the same entries, computed in the same run.

The baseline is the same on both databases: SQLite FTS5's `bm25()` in memory, over one column
holding title, tags, summary and body, with Porter stemming as on the hub's SQLite engine but
nothing else: no field weights, no synonyms, no preference for items matching every word, no
boosts or dates. It sees exactly the entries the viewer may see, so both rankings are judged
against the same candidates.

Judged items are named by entry kind and title, never by database id. An item the viewer may
not see (or that is not indexed yet, e.g. threads before discussions join the index) drops out
of that viewer's ideal ranking; a query with nothing judged visible is left out of that
viewer's mean.

    python -m bench.relevance
"""

from __future__ import annotations

import json
import math
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

JUDGEMENTS = Path(__file__).resolve().parent / "judgements.json"
DEPTH = 10
# Made for each run and dropped after it; BENCH_RELEVANCE_DATABASE names another, so two
# people can run this at once on one server.
POSTGRES_NAME = os.environ.get("BENCH_RELEVANCE_DATABASE", "relevance_bench")
VIEWERS = ("anonymous", "member")  # the demo user names; "anonymous" is nobody signed in
SHOW_BELOW = 5  # hits listed for each query where the hub ranks below the baseline


@dataclass(frozen=True)
class Query:
    text: str
    who: str
    grades: dict  # (kind, title) -> grade 0..3


def load_judgements(path=JUDGEMENTS) -> list[Query]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    queries = []
    for item in data["queries"]:
        grades = {}
        for judgement in item["judgements"]:
            key = (judgement["kind"], judgement["title"])
            if key in grades:
                raise ValueError(f"{item['query']!r} judges {key} twice")
            if judgement["grade"] not in (0, 1, 2, 3):
                raise ValueError(f"{item['query']!r}: grade {judgement['grade']} is not 0-3")
            grades[key] = judgement["grade"]
        queries.append(Query(item["query"], item.get("who", ""), grades))
    return queries


# --- The metric --------------------------------------------------------------------------------


def dcg(grades, depth=DEPTH) -> float:
    """Discounted cumulative gain with exponential gain (2^grade - 1): a 3 is worth far more
    than a 1, so putting the one exact answer first matters more than several loose ones."""
    return sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(grades[:depth]))


def ndcg(ranked, grades, candidates=None, depth=DEPTH) -> float | None:
    """nDCG@depth of ``ranked`` keys against ``grades`` (key -> grade; unjudged keys are 0).

    ``candidates`` (keys the viewer may see) limits the ideal ranking, so a viewer is never
    marked down for an item search must not show them. None when nothing relevant is left.
    A repeated key gains nothing the second time, so the figure never exceeds 1.
    """
    reachable = [
        g for key, g in grades.items() if g > 0 and (candidates is None or key in candidates)
    ]
    ideal = dcg(sorted(reachable, reverse=True), depth)
    if ideal == 0:
        return None
    # An item listed twice earns its gain once: the repeat only takes a place in the top ten.
    seen = set()
    gains = []
    for key in ranked:
        gains.append(0 if key in seen else grades.get(key, 0))
        seen.add(key)
    return dcg(gains, depth) / ideal


def mean(values) -> float:
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else float("nan")


# --- The baseline ------------------------------------------------------------------------------


class Bm25Baseline:
    """Plain BM25 over title + tags + summary + body as one text, in an in-memory FTS5 table."""

    def __init__(self, rows):
        """``rows``: (id, title, tags, summary, body) for every entry."""
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE docs USING fts5(text, tokenize='porter unicode61')")
        self.db.executemany(
            "INSERT INTO docs(rowid, text) VALUES (?, ?)",
            [(pk, "\n".join(part or "" for part in parts)) for pk, *parts in rows],
        )

    def search(self, text, allowed_ids, depth=DEPTH) -> list[int]:
        # Every word as a quoted string, joined with OR: plain terms, never FTS5 syntax.
        words = sorted(set(re.findall(r"[^\W_]+", text.lower())))
        if not words or not allowed_ids:
            return []
        expression = " OR ".join(f'"{word}"' for word in words)
        marks = ",".join("?" * len(allowed_ids))
        sql = (
            f"SELECT rowid FROM docs WHERE docs MATCH ? AND rowid IN ({marks}) "  # noqa: S608
            "ORDER BY bm25(docs), rowid LIMIT ?"
        )
        return [row[0] for row in self.db.execute(sql, [expression, *allowed_ids, depth])]


# --- The run -----------------------------------------------------------------------------------


def child():
    """Inside the throwaway database: build the demo, then judge both rankings for each viewer."""
    import io

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    call_command("search_reindex", stdout=io.StringIO())
    queries = load_judgements()
    results, missing = evaluate(queries)
    report(queries, results, missing)
    return 0


def evaluate(queries):
    """Both rankings of every query for every viewer, on the current database's entries.

    Returns ``{viewer: [row per query]}`` and the judged keys that are not in the index.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser

    from hub.accounts import access
    from search.engines.database import visible_entries
    from search.models import SearchEntry
    from search.selectors import search

    key_of = {
        pk: (kind, title)
        for pk, kind, title in SearchEntry.objects.values_list("id", "kind", "title")
    }
    if len(set(key_of.values())) < len(key_of):
        print("warning: some entries share a kind and title; judgements cannot tell them apart")
    baseline = Bm25Baseline(
        SearchEntry.objects.values_list("id", "title", "tags_text", "summary", "body")
    )
    indexed = set(key_of.values())
    missing = {key for q in queries for key in q.grades if key not in indexed}

    users = {"anonymous": AnonymousUser()}
    for user in get_user_model().objects.filter(username__in=VIEWERS):
        users[user.username] = user
    if len(users) < len(VIEWERS):
        raise SystemExit(f"The demo has no user named {set(VIEWERS) - set(users)}.")
    results = {}
    for name in VIEWERS:
        user = users[name]
        visible = sorted(visible_entries(access.viewer_for(user)).values_list("id", flat=True))
        visible_keys = {key_of[pk] for pk in visible}
        rows = []
        for query in queries:
            hub = [(h.kind, h.title) for h in search(user=user, text=query.text).result.hits]
            bm25 = [key_of[pk] for pk in baseline.search(query.text, visible)]
            typo = misspelt(query.text)
            hub_typo = [(h.kind, h.title) for h in search(user=user, text=typo).result.hits]
            bm25_typo = [key_of[pk] for pk in baseline.search(typo, visible)]
            rows.append(
                {
                    "hub": ndcg(hub, query.grades, visible_keys),
                    "bm25": ndcg(bm25, query.grades, visible_keys),
                    "hub_hits": hub,
                    "bm25_hits": bm25,
                    "typo": typo != query.text,
                    "hub_typo": ndcg(hub_typo, query.grades, visible_keys),
                    "bm25_typo": ndcg(bm25_typo, query.grades, visible_keys),
                }
            )
        results[name] = rows
    return results, missing


def misspelt(text: str) -> str:
    """The query with its longest unquoted word of six or more letters misspelt as a hurried
    typist would: two letters in its middle swapped. Unchanged if it has no such word."""
    if '"' in text:
        return text
    words = [w for w in re.findall(r"[A-Za-z]+", text) if len(w) >= 6]
    if not words:
        return text
    word = max(words, key=len)
    # The pair nearest the middle whose letters differ (swapping "pp" would change nothing).
    at = min(
        (i for i in range(len(word) - 1) if word[i] != word[i + 1]),
        key=lambda i: abs(i + 1 - len(word) // 2),
    )
    swapped = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return re.sub(rf"\b{word}\b", swapped, text, count=1)


def _cell(value) -> str:
    return "   n/a" if value is None else f"{value:6.3f}"


def report(queries, results, missing):
    width = max(len(q.text) for q in queries) + 2
    print(f"nDCG@{DEPTH} on {len(queries)} judged queries over the demo content")
    header = "".join(f"{name + ': hub  bm25':>22}" for name in VIEWERS)
    print(f"{'query':<{width}}{header}")
    below = []
    for index, query in enumerate(queries):
        cells = ""
        flagged = False
        for name in VIEWERS:
            row = results[name][index]
            worse = row["hub"] is not None and row["hub"] < row["bm25"] - 1e-9
            flagged = flagged or worse
            cells += f"{'':>6}{_cell(row['hub'])}{'<' if worse else ' '}{_cell(row['bm25'])} "
            if worse:
                below.append((name, query, row))
        print(f"{query.text:<{width}}{cells}{'  below baseline' if flagged else ''}")
    means = "".join(
        f"{'':>6}{mean(r['hub'] for r in results[name]):6.3f} "
        f"{mean(r['bm25'] for r in results[name]):6.3f} "
        for name in VIEWERS
    )
    print(f"{'mean':<{width}}{means}")
    for name in VIEWERS:
        rows = [r for r in results[name] if r["typo"] and r["hub"] is not None]
        print(
            f"{name}: {len(rows)} queries with a word misspelt (two middle letters swapped): "
            f"hub {mean(r['hub_typo'] for r in rows):.3f} misspelt, "
            f"{mean(r['hub'] for r in rows):.3f} as written; "
            f"bm25 {mean(r['bm25_typo'] for r in rows):.3f} misspelt, "
            f"{mean(r['bm25'] for r in rows):.3f} as written"
        )
    for name in VIEWERS:
        pairs = [(r["hub"], r["bm25"]) for r in results[name] if r["hub"] is not None]
        above = sum(hub > bm25 + 1e-9 for hub, bm25 in pairs)
        worse = sum(hub < bm25 - 1e-9 for hub, bm25 in pairs)
        print(
            f"{name}: {len(pairs)} queries counted; hub above baseline on {above}, "
            f"equal on {len(pairs) - above - worse}, below on {worse}"
        )
    if missing:
        kinds = ", ".join(sorted({kind for kind, _ in missing}))
        print(
            f"judged but not in the search index (left out of every ideal): {len(missing)} "
            f"({kinds})"
        )
    for name, query, row in below:
        print(f"\n{name}, {query.text!r}: hub {_cell(row['hub'])} < bm25 {_cell(row['bm25'])}")
        for label, hits in (("hub", row["hub_hits"]), ("bm25", row["bm25_hits"])):
            shown = "; ".join(
                f"{query.grades.get(key, 0)} {key[1][:40]}" for key in hits[:SHOW_BELOW]
            )
            print(f"  {label:<5}{shown or '(nothing)'}")


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        return child()
    wanted = os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")
    worst = 0
    with tempfile.TemporaryDirectory(prefix="bench-relevance-") as tmp:
        targets = (
            [("SQLite", f"sqlite:///{Path(tmp) / 'demo.sqlite3'}")] if "sqlite" in wanted else []
        )
        if "postgresql" in wanted:
            url = fresh_postgres_database()
            if url:
                targets.append(("PostgreSQL", url))
            else:
                print("PostgreSQL not reachable at BENCH_POSTGRES_URL: relevance on SQLite only.")
        for label, url in targets:
            print(f"-- {label} --", flush=True)
            environment = {
                **os.environ,
                "DATABASE_URL": url,
                "DJANGO_SETTINGS_MODULE": "hub.settings.test",
                "HUB_DEMO_PASSWORD": "relevance-bench-only",
                "MEDIA_ROOT": str(Path(tmp) / "media"),
                # Empty values win over a developer's .env: the figures are the database
                # engine's, with the local-memory cache, whatever this machine has configured.
                "REDIS_URL": "",
                "ELASTICSEARCH_URL": "",
            }
            completed = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
                [sys.executable, "-m", "bench.relevance", "--child"], env=environment, check=False
            )
            worst = worst or completed.returncode
    if any(label == "PostgreSQL" for label, _ in targets):
        drop_postgres_database()
    return worst


def fresh_postgres_database(name=POSTGRES_NAME) -> str | None:
    """An empty database beside the search bench's (``BENCH_POSTGRES_URL``), or None."""
    dropped = f'DROP DATABASE IF EXISTS "{name}"'
    if not _on_postgres_server(dropped, f'CREATE DATABASE "{name}"'):
        return None
    return f"{_postgres_server()}/{name}"


def drop_postgres_database(name=POSTGRES_NAME):
    """The relevance database is made for one run: nothing in it is kept."""
    _on_postgres_server(f'DROP DATABASE IF EXISTS "{name}"')


def _postgres_server() -> str:
    url = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/search_bench")
    return url.rsplit("/", 1)[0]


def _on_postgres_server(*statements) -> bool:
    """Run statements on the server's maintenance database; False if it is not reachable."""
    import psycopg

    try:
        with psycopg.connect(
            f"{_postgres_server()}/postgres", connect_timeout=2, autocommit=True
        ) as conn:
            for statement in statements:
                conn.execute(statement)
    except psycopg.OperationalError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
