"""Loading the corpus into the database under test, once."""

from __future__ import annotations

import datetime
import json
import re
import time
from collections import Counter

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from taggit.models import Tag

from bench.corpus import RARE_WORD, SIZE, Generator
from search import spelling
from search.models import SearchEntry, SearchWord
from search.query import STOP_WORDS

BATCH = 1000


def build_if_needed(name, corpus_dir) -> dict:
    suffix = "" if SIZE == 100_000 else f"-{SIZE}"  # the 100,000 corpus keeps its old name
    meta_file = corpus_dir / f"meta-{name}{suffix}.json"
    if meta_file.exists() and SearchEntry.objects.count() == SIZE:
        if not SearchWord.objects.exists():
            spelling.record_all()  # a corpus built before the word list existed
        return json.loads(meta_file.read_text())
    SearchEntry.objects.all().delete()
    generator = Generator()
    source_type = ContentType.objects.get_for_model(Group)
    groups = list(Group.objects.values_list("pk", flat=True))
    tags = {
        name: Tag.objects.get_or_create(name=name, defaults={"slug": name})[0]
        for name in {t for e in [generator.entry(0)] for t in e["tags"]} | set(_all_tags())
    }
    df, sample = Counter(), 0
    started = time.perf_counter()
    for start in range(0, SIZE, BATCH):
        rows = [generator.entry(n) for n in range(start, min(SIZE, start + BATCH))]
        if sample < 5000:
            for row in rows:
                df.update(set(re.findall(r"[a-z]+", row["body"].lower())))
            sample += len(rows)
        with transaction.atomic():
            entries = SearchEntry.objects.bulk_create(
                SearchEntry(
                    source_type=source_type,
                    source_id=start + i,
                    kind=row["kind"],
                    title=row["title"],
                    summary=row["summary"],
                    body=row["body"],
                    tags_text=" ".join(row["tags"]),
                    organisation=row["organisation"],
                    audience=row["audience"],
                    date=datetime.date(row["year"], 1, 1) + datetime.timedelta(days=row["day"] - 1),
                    year=row["year"],
                    url=f"/bench/{start + i}/",
                )
                for i, row in enumerate(rows)
            )
            SearchEntry.tags.through.objects.bulk_create(
                SearchEntry.tags.through(searchentry_id=e.pk, tag_id=tags[t].pk)
                for e, row in zip(entries, rows, strict=True)
                for t in row["tags"]
            )
            SearchEntry.groups.through.objects.bulk_create(
                SearchEntry.groups.through(searchentry_id=e.pk, group_id=groups[e.pk % len(groups)])
                for e, row in zip(entries, rows, strict=True)
                if row["audience"] == "groups"
            )
        print(f"\r{name}: {start + len(rows):,} entries", end="", flush=True)
    # Bulk writes send no signal: the spelling corrector's word list is filled in one pass.
    spelling.record_all()
    _tidy()
    rate = SIZE / (time.perf_counter() - started)
    print()
    meta = {"size": SIZE, "rate": rate, **_pick_terms(df, sample)}
    meta_file.write_text(json.dumps(meta, indent=1))
    return meta


def _tidy():
    """What a deployment does after a bulk load: merge index segments, refresh statistics."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
        else:
            # What autovacuum does on a live site: the visibility map lets the audience filter
            # and facets read the covering index without visiting the rows.
            cursor.execute("VACUUM ANALYZE")


def _all_tags():
    from bench.corpus import TAGS

    return TAGS


def _pick_terms(df: Counter, sample: int) -> dict:
    """Words by how many entries hold them: ~10% (common), ~2-5% (for two words), a phrase."""
    candidates = {w: n / sample for w, n in df.items() if len(w) > 4 and w not in STOP_WORDS}

    def nearest(share, exclude=()):
        return min(
            (w for w in candidates if w not in exclude), key=lambda w: abs(candidates[w] - share)
        )

    common = nearest(0.10)
    first = nearest(0.05, {common})
    second = nearest(0.03, {common, first})
    return {
        "rare": RARE_WORD,
        "common": common,
        "common_share": candidates[common],
        "two_words": f"{first} {second}",
        "phrase": '"residential care"',
        "broad": "payment",
    }
