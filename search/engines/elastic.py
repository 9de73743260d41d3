"""Elasticsearch engine: answers from the cluster, or from the database when it cannot.

The database projection stays the truth. Index writes that fail are remembered in
``PendingIndexWrite`` and retried on the next successful write or by ``search_reindex``.
"""

from __future__ import annotations

import logging
import time
from functools import cache

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe
from elasticsearch import ApiError, Elasticsearch, TransportError
from elasticsearch.helpers import BulkIndexError, bulk

from search import spelling
from search.engines.base import FacetValue, Hit, SearchRequest, SearchResult, kind_label
from search.engines.elastic_docs import (
    EntryDocument,
    EntrySearch,
    count_bodies,
    index_body,
    suggest_body,
)
from search.engines.vendor import database_engine
from search.models import PendingIndexWrite, SearchEntry

logger = logging.getLogger(__name__)

CLUSTER_ERRORS = (TransportError, ApiError, BulkIndexError)
DEGRADED_NOTICE = (
    "Search is running in a simpler mode just now, so results may be ordered a little "
    "differently. Everything you can see is still searched."
)
RETRY_BATCH = 200


class ElasticEngine:
    name = "elasticsearch"

    def __init__(self, url, *, alias, timeout, cooldown):
        self.alias = alias
        self.cooldown = cooldown
        self.client = Elasticsearch(
            url, request_timeout=timeout, max_retries=0, retry_on_timeout=False
        )
        self._down_until = 0.0

    # --- Reading --------------------------------------------------------------------------

    def _available(self) -> bool:
        return time.monotonic() >= self._down_until

    def _failed(self, error):
        # Stop asking a failing cluster for a short while, so each visitor does not wait out
        # the timeout again.
        self._down_until = time.monotonic() + self.cooldown
        logger.warning("Elasticsearch unavailable, answering from the database: %s", error)

    def _fallback(self):
        return database_engine()

    def search(self, request: SearchRequest) -> SearchResult:
        if self._available():
            try:
                return self._search(request)
            except CLUSTER_ERRORS as error:
                self._failed(error)
        result = self._fallback().search(request)
        result.degraded = True
        result.notice = DEGRADED_NOTICE
        return result

    def build(self, request: SearchRequest) -> EntrySearch:
        faceted = EntrySearch(
            viewer=request.viewer,
            parsed=request.query,
            filters=request.filters,
            sort=request.sort,
            index=self.alias,
            using=self.client,
        )
        start = (request.page - 1) * request.per_page
        return faceted[start : start + request.per_page]

    def _search(self, request: SearchRequest) -> SearchResult:
        response = self.build(request).execute()
        hits = []
        for doc in response:
            highlight = getattr(doc.meta, "highlight", None)
            fragments = (list(highlight.body) if highlight and "body" in highlight else []) or (
                list(highlight.summary) if highlight and "summary" in highlight else []
            )
            # encoder "html": Elasticsearch escaped the text and added only our <mark> tags.
            snippet = mark_safe(fragments[0]) if fragments else escape(doc.summary or "")  # noqa: S308
            hits.append(
                Hit(
                    entry_id=int(doc.meta.id),
                    kind=doc.kind,
                    title=doc.title,
                    url=doc.url,
                    snippet=snippet,
                    tags=[{"name": t, "slug": t} for t in (doc.tags or [])],
                    organisation=doc.organisation or "",
                    date=doc.date.date() if hasattr(doc.date, "date") else doc.date,
                    score=float(f"{doc.meta.score or 0:.4g}"),
                    replaced=bool(getattr(doc, "replaced", False)),
                    # Documents indexed before precision was kept are shown to the day.
                    date_precision=getattr(doc, "date_precision", None) or "day",
                )
            )
        facets = {
            name: [
                FacetValue(
                    str(value),
                    kind_label(value) if name == "kind" else str(value),
                    count,
                    selected,
                )
                for value, count, selected in response.facets[name]
            ]
            for name in ("kind", "tag", "organisation", "year")
        }
        total = response.hits.total
        return SearchResult(
            hits=hits,
            total=total.value,
            # The cluster counts exactly up to 10,000 by default; past that it says "gte".
            total_exact=getattr(total, "relation", "eq") == "eq",
            facets=facets,
            engine=self.name,
        )

    def correct(self, viewer, query):
        """The query with misspelt words corrected from what this viewer may see, or None
        (``search.spelling``), counting in the cluster; from the database if it fails."""
        if self._available():
            try:
                return spelling.correct(
                    query, lambda words, cap: self.count_visible(viewer, words, cap)
                )
            except CLUSTER_ERRORS as error:
                self._failed(error)
        return self._fallback().correct(viewer, query)

    def count_visible(self, viewer, words, cap) -> dict[str, int]:
        """Entries this viewer may see matching each word, up to ``cap``, in one request. A
        count the cluster could not make is 0: that word is then never offered."""
        searches = []
        for body in count_bodies(viewer, words, cap):
            searches += [{}, body]
        response = self.client.msearch(index=self.alias, searches=searches)
        return {
            word: 0 if "error" in answer else min(cap, answer["hits"]["total"]["value"])
            for word, answer in zip(words, response["responses"], strict=True)
        }

    def suggest(self, viewer, text, limit=8) -> list[dict]:
        prefix = " ".join(text.split())[:100]
        if not prefix:
            return []
        if self._available():
            try:
                body = suggest_body(viewer, prefix, size=limit)
                response = self.client.search(index=self.alias, body=body)
                options = response["suggest"]["titles"][0]["options"]
                return [
                    {"type": "title", "title": o["_source"]["title"], "url": o["_source"]["url"],
                     "kind": o["_source"]["kind"]}
                    for o in options
                ]  # fmt: skip
            except CLUSTER_ERRORS as error:
                self._failed(error)
        return self._fallback().suggest(viewer, text, limit)

    # --- Writing --------------------------------------------------------------------------

    def _documents(self, ids):
        entries = SearchEntry.objects.filter(pk__in=ids).prefetch_related("tags", "groups")
        for entry in entries:
            tags = list(entry.tags.all())
            doc = EntryDocument.from_entry(
                entry,
                [t.slug for t in tags],
                [t.name for t in tags],
                [g.pk for g in entry.groups.all()],
            )
            yield doc.to_dict(include_meta=True, skip_empty=False) | {"_index": self.alias}

    def write(self, ids):
        """Index these entries now (deleting any that no longer exist); remember failures."""
        ids = list(ids)
        existing = set(SearchEntry.objects.filter(pk__in=ids).values_list("pk", flat=True))
        actions = list(self._documents(existing)) + [
            {"_op_type": "delete", "_index": self.alias, "_id": pk}
            for pk in ids
            if pk not in existing
        ]
        try:
            bulk(self.client, actions, raise_on_error=True, raise_on_exception=True,
                 ignore_status=(404,))  # fmt: skip
        except CLUSTER_ERRORS as error:
            logger.warning("Elasticsearch write failed; will retry %d entries: %s", len(ids), error)
            for pk in ids:
                PendingIndexWrite.objects.get_or_create(entry_key=str(pk))
            return False
        if PendingIndexWrite.objects.exists():
            self.retry_pending()
        return True

    delete = write  # a deleted entry's id is written as a delete

    def retry_pending(self) -> int:
        pending = list(PendingIndexWrite.objects.order_by("pk")[:RETRY_BATCH])
        if not pending:
            return 0
        ids = [int(p.entry_key) for p in pending]
        PendingIndexWrite.objects.filter(pk__in=[p.pk for p in pending]).delete()
        self.write(ids)
        return len(ids)

    def rebuild(self) -> str:
        """Build a new index beside the live one, then swap the alias in one step."""
        name = f"{self.alias}-{time.strftime('%Y%m%d%H%M%S')}"
        self.client.indices.create(index=name, **index_body())
        actions = (
            doc | {"_index": name}
            for chunk in _chunks(SearchEntry.objects.values_list("pk", flat=True), 500)
            for doc in self._documents(chunk)
        )
        bulk(self.client, actions, chunk_size=500, raise_on_error=True)
        self.client.indices.refresh(index=name)
        old = list(self.client.indices.get_alias(name=self.alias, ignore_unavailable=True))
        swap = [{"remove": {"index": index, "alias": self.alias}} for index in old]
        swap.append({"add": {"index": name, "alias": self.alias}})
        self.client.indices.update_aliases(actions=swap)
        for index in old:
            self.client.indices.delete(index=index)
        PendingIndexWrite.objects.all().delete()
        return name


def _chunks(iterable, size):
    chunk = []
    for item in iterable.iterator():
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@cache
def elastic_engine() -> ElasticEngine:
    return ElasticEngine(
        settings.ELASTICSEARCH_URL,
        alias=settings.SEARCH_ELASTICSEARCH_ALIAS,
        timeout=settings.SEARCH_ELASTICSEARCH_TIMEOUT,
        cooldown=settings.SEARCH_ELASTICSEARCH_COOLDOWN,
    )
