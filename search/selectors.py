"""Reads of the search projection, for views and for other apps (e.g. similar threads)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count
from taggit.models import Tag

from hub.accounts import access
from search import synonyms
from search.engines import database_engine, get_engine
from search.engines.base import PER_PAGE, SearchRequest, SearchResult
from search.engines.database import FullTextMatch, apply_filters, visible_entries
from search.models import SavedSearch, SearchEntry
from search.query import MAX_QUERY_CHARS, MAX_QUERY_WORDS, ParsedQuery, QueryError, parse
from search.spelling import Correction


@dataclass
class SearchOutcome:
    query: ParsedQuery  # what was searched: the typed query, or its correction
    result: SearchResult
    page: int
    per_page: int
    took_ms: int
    typed: str = ""  # the query as typed (cleaned)
    correction: Correction | None = None  # set when misspelt words were corrected

    @property
    def pages(self) -> int:
        return max(1, -(-self.result.total // self.per_page))


def search(
    *, user, text, filters=None, sort="relevance", page=1, per_page=PER_PAGE, verbatim=False
):
    """Search everything this user may see. Raises ``search.query.QueryError`` for bad input.

    A word rare or absent in what the user may see is corrected to the nearest frequent word
    they may see (``search.spelling``), unless ``verbatim``; the outcome says so.
    """
    started = time.perf_counter()
    engine = get_engine()
    viewer = access.viewer_for(user)
    typed = query = parse(text, synonyms.groups())
    correction = None
    if query and not verbatim:
        correction = engine.correct(viewer, query)
        if correction is not None:
            query = parse(correction.text, synonyms.groups())
    request = SearchRequest(
        viewer=viewer,
        query=query,
        filters=filters or {},
        sort=sort or "relevance",
        page=page or 1,
        per_page=per_page,
    )
    if query:
        result = engine.search(request)
    else:
        result = SearchResult(hits=[], total=0, facets={}, engine=engine.name)
    took_ms = round((time.perf_counter() - started) * 1000)
    return SearchOutcome(
        query, result, request.page, per_page, took_ms, typed=typed.text, correction=correction
    )


def suggest(*, user, text, limit=8) -> list[dict]:
    return get_engine().suggest(access.viewer_for(user), text, limit)


def similar_entries(*, user, text, kind=None, limit=5) -> list:
    """Entries like ``text`` this user may see, best first (e.g. threads like a new question).

    Words count even if only some match, so a long question still finds its neighbours.
    """
    # Quotes dropped and words capped: a long question is still a fair query, not an error.
    words = text.replace('"', " ").split()[:MAX_QUERY_WORDS]
    query = parse(" ".join(words)[:MAX_QUERY_CHARS], synonyms.groups())
    if not query:
        return []
    request = SearchRequest(
        viewer=access.viewer_for(user),
        query=query,
        filters={"kind": [kind]} if kind else {},
        per_page=limit,
        with_facets=False,
    )
    return database_engine().search(request).hits


def tags_visible_to(*, user):
    """Every tag on something this user may see, with how many such things carry it."""
    visible = visible_entries(access.viewer_for(user))
    return (
        SearchEntry.tags.through.objects.filter(searchentry__in=visible.values("pk"))
        .values("tag__name", "tag__slug")
        .annotate(count=Count("searchentry_id"))
        .order_by("tag__name")
    )


def tagged_entries(*, user, slug, page=1, per_page=20):
    """A page of everything this user may see with one tag, newest first."""
    visible = visible_entries(access.viewer_for(user))
    entries = visible.filter(tags__slug=slug).order_by("-date", "-pk")
    return Paginator(entries, per_page).get_page(page)


def tag_name(slug) -> str:
    return Tag.objects.filter(slug=slug).values_list("name", flat=True).first() or slug


def latest_entry_id() -> int:
    """The newest entry's id: entries above it did not exist yet (an alert's watermark)."""
    return SearchEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def new_entries_matching(*, user, text, filters, after, limit):
    """(entries, total): entries above id ``after`` matching ``text`` and ``filters`` that this
    user may see now, newest first. The words are matched as saved (no spelling correction).
    Raises ``search.query.QueryError`` for words the parser now refuses."""
    query = parse(text, synonyms.groups())
    if not query:
        raise QueryError("There are no words to search for.")
    engine = database_engine()
    matches = (
        apply_filters(visible_entries(access.viewer_for(user)), filters)
        .filter(pk__gt=after)
        .filter(FullTextMatch(*engine.backend.match_condition(query, "any")))
    )
    entries = list(matches.order_by("-pk").only("id", "kind", "title", "url", "date")[:limit])
    total = len(entries) if len(entries) < limit else matches.count()
    return entries, total


def saved_searches_of(*, user):
    return SavedSearch.objects.filter(user=user).order_by("name", "pk")
