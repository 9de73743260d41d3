"""The database engine: full-text search over SearchEntry, on SQLite (FTS5) or PostgreSQL.

The dialect differences (how words match, how matches rank) live in a small backend object;
visibility, facets, paging and snippets are the same ORM code on both.
"""

from __future__ import annotations

from collections import Counter

from django.db import connection
from django.db.models import BooleanField, Exists, Expression, OuterRef
from django.db.models.expressions import RawSQL
from taggit.models import Tag

from hub.accounts import access
from search import spelling
from search.engines.base import (
    MAX_PAGE,
    FacetValue,
    Hit,
    SearchRequest,
    SearchResult,
    kind_label,
    tag_order,
)
from search.engines.snapshot import cache as snapshot_cache
from search.models import SearchEntry
from search.snippets import snippet

FACET_LIMIT = 20
# Matches counted, newest first, for a query whose matching checks word positions
# (``DatabaseEngine.counts_from_snapshot``): beyond it the total reads "more than".
COUNT_CAP = 10_000


def _never(query):
    return False


class FullTextMatch(Expression):
    """A backend's SQL on SearchEntry (a full-text or audience condition, or a PostgreSQL-only
    column), usable in any ORM filter, annotation or subquery.

    The table's alias is looked up when the SQL is written, so the condition stays correct
    when Django nests the queryset as a subquery (where the table is renamed ``U0``).
    The SQL template is the backend's own; the visitor's words arrive only as parameters.
    """

    output_field = BooleanField()
    conditional = True

    def __init__(self, template, params, output_field=None):
        super().__init__(output_field)
        self.template, self.params = template, list(params)

    def as_sql(self, compiler, connection):
        # No base table yet when only the WHERE is compiled (``where_clause``): then the
        # table goes by its own name, as in the ranking statement.
        alias = compiler.query.base_table or compiler.query.model._meta.db_table
        table = compiler.quote_name_unless_alias(alias)
        return self.template.format(table=table), self.params


def visible_entries(viewer):
    """Entries this viewer may see: the audience filter every part of an answer starts from."""
    return SearchEntry.objects.filter(access.audience_q(viewer, model=SearchEntry))


def apply_filters(queryset, filters):
    if filters.get("kind"):
        queryset = queryset.filter(kind__in=filters["kind"])
    if filters.get("organisation"):
        queryset = queryset.filter(organisation__in=filters["organisation"])
    if filters.get("year"):
        queryset = queryset.filter(year__in=filters["year"])
    for slug in filters.get("tag", []):
        # Every chosen tag must be present (drilling down), each as its own subquery.
        queryset = queryset.filter(
            pk__in=SearchEntry.tags.through.objects.filter(tag__slug=slug).values("searchentry_id")
        )
    return queryset


def where_clause(queryset) -> tuple[str, list]:
    """The WHERE of an ORM queryset on SearchEntry, to put inside a ranking query."""
    compiler = queryset.query.get_compiler(connection=connection)
    sql, params = compiler.compile(queryset.query.where)
    return sql or "1=1", list(params)


class DatabaseEngine:
    name = "database"

    def __init__(self, backend):
        self.backend = backend

    def visible(self, viewer):
        # PostgreSQL: the same visibility, on the row's group ids (search.engines.postgres).
        condition = getattr(self.backend, "audience_condition", None)
        if condition is None:
            return visible_entries(viewer)
        visibility = access.as_viewer(viewer).visibility()
        return SearchEntry.objects.filter(FullTextMatch(*condition(visibility)))

    def search(self, request: SearchRequest) -> SearchResult:
        visible = self.visible(request.viewer)
        filtered = apply_filters(visible, request.filters)
        query = request.query
        multi = len(query.terms) > 1
        matches = filtered.filter(self._matches(query, "any"))

        counted = self.counts_from_snapshot(request)
        snapshot, exact = None, True
        if counted is not None:
            facets, total, n_all, snapshot, exact = counted
        elif request.with_facets:
            facets, total = facet_counts(matches, request.filters, self.backend)
            n_all = None
        else:
            facets, total, n_all = {}, matches.count(), None

        offset = (request.page - 1) * request.per_page
        if request.sort == "newest":
            ids = list(
                matches.order_by("-date", "-pk").values_list("pk", flat=True)[
                    offset : offset + request.per_page
                ]
            )
            scored = [(pk, 0.0) for pk in ids]
        else:
            where = where_clause(filtered)
            if n_all is None:
                n_all = filtered.filter(self._matches(query, "all")).count() if multi else total
            scored = []
            if offset < n_all:
                scored = self.backend.ranked(query, "all", where, request.per_page, offset)
            if multi and len(scored) < request.per_page:
                scored += self.backend.ranked(
                    query,
                    "some_only",
                    where,
                    request.per_page - len(scored),
                    max(0, offset - n_all),
                )
        return SearchResult(
            hits=self.hits(scored, query.words, snapshot),
            total=total,
            facets=facets,
            engine=self.name,
            total_exact=exact,
        )

    def correct(self, viewer, query):
        """The query with misspelt words corrected from what this viewer may see, or None
        (``search.spelling``)."""
        where = where_clause(self.visible(viewer))

        def count_visible(words, cap):
            return dict(self.backend.visible_counts(list(words), where, cap))

        return spelling.correct(query, count_visible)

    def counts_from_snapshot(self, request):
        """(facets, total, all-words total, the snapshot, whether the counts are exact)
        counted over the process's snapshot of every entry (``search.engines.snapshot``), or
        None: then they are counted in SQL.

        The database gives only the matching ids and the token they were read under; the
        audience rule and the facet choices are applied to them here.

        A query whose matching checks word positions (a phrase, a synonym of several words)
        is counted over its newest ``COUNT_CAP`` matches only, when the backend can
        (``match_ids(..., limit)``): checking a common phrase in every entry holding its
        words cost more than the rest of the answer. If that many match, the total is a
        lower bound ("more than"), the facets count those newest matches, and the answer
        says so (``SearchResult.total_exact``). Every page a visitor can reach is still
        exact: if fewer than that many of them are visible, everything is counted.
        """
        match_ids = getattr(self.backend, "match_ids", None)
        if match_ids is None:
            return None
        query = request.query
        limit = None
        if getattr(self.backend, "caps_counts", _never)(query):
            limit = getattr(self.backend, "count_cap", COUNT_CAP)
        reachable = MAX_PAGE * request.per_page
        viewer = access.as_viewer(request.viewer)
        ids, token = match_ids(query, "any", limit)
        exact = limit is None or len(ids) < limit
        snapshot = snapshot_cache.for_token(token)
        if snapshot is None:
            return None
        shown = snapshot.visible(ids, viewer, request.filters)
        if not exact and len(shown) < reachable:
            ids, token = match_ids(query, "any")
            if token != snapshot.token:
                return None
            shown, exact = snapshot.visible(ids, viewer, request.filters), True
        total = n_all = len(shown)
        facets = {}
        if request.with_facets:
            facets, _ = facets_from_counts(*snapshot.facet_counts(shown), request.filters)
        if len(query.terms) > 1:
            ids, token = match_ids(query, "all", limit)
            if token != snapshot.token:
                return None
            n_all = len(snapshot.visible(ids, viewer, request.filters))
            if limit is not None and len(ids) >= limit and n_all < reachable:
                ids, token = match_ids(query, "all")
                if token != snapshot.token:
                    return None
                n_all = len(snapshot.visible(ids, viewer, request.filters))
        return facets, total, n_all, snapshot, exact

    def _matches(self, query, mode):
        template, params = self.backend.match_condition(query, mode)
        return FullTextMatch(template, params)

    def hits(self, scored, words, snapshot=None) -> list[Hit]:
        """The page's hits; their tags from the snapshot the counts came from, if any (the
        same tags, one query fewer), else from the database."""
        entries = SearchEntry.objects.in_bulk([pk for pk, _ in scored])
        if snapshot is not None:
            tags = {pk: snapshot.tags_of(pk) for pk in entries}
        else:
            tags = {}
            through = SearchEntry.tags.through.objects.filter(searchentry_id__in=entries)
            for entry_id, name, slug in through.values_list(
                "searchentry_id", "tag__name", "tag__slug"
            ):
                tags.setdefault(entry_id, []).append({"name": name, "slug": slug})
            tags = {
                pk: sorted(values, key=lambda tag: tag_order(tag["name"]))
                for pk, values in tags.items()
            }
        out = []
        for pk, score in scored:
            entry = entries.get(pk)
            if entry is None:
                continue
            out.append(
                Hit(
                    entry_id=pk,
                    kind=entry.kind,
                    title=entry.title,
                    url=entry.url,
                    snippet=snippet([entry.body, entry.summary], words),
                    tags=tags.get(pk, []),
                    organisation=entry.organisation,
                    date=entry.date,
                    score=float(f"{float(score):.4g}"),
                    replaced=entry.replaced,
                    date_precision=entry.date_precision,
                )
            )
        return out

    def suggest(self, viewer, text, limit=8) -> list[dict]:
        words = tokens_of(text)[:6]
        if not words:
            return []
        visible = self.visible(viewer)
        sql, params = self.backend.prefix_ids(words)
        candidates = RawSQL(sql, params)  # noqa: S611 (our own SQL; words are parameters)
        if getattr(self.backend, "suggest_ids_first", False):
            # The few hundred candidate ids first, then the audience filter on exactly those:
            # as one statement, PostgreSQL guessed badly and walked every visible entry.
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                candidates = [row[0] for row in cursor.fetchall()]
        titles = list(
            visible.filter(pk__in=candidates)
            .order_by("-boost", "-date")
            .values("title", "url", "kind")[:limit]
        )
        visible_with_tag = visible.filter(tags=OuterRef("pk"))
        tag_rows = (
            Tag.objects.filter(name__istartswith=" ".join(words))
            .filter(Exists(visible_with_tag))
            .order_by("name")
            .values("name", "slug")[:5]
        )
        return [{"type": "title", **row} for row in titles] + [
            {"type": "tag", "title": row["name"], "url": f"/tags/{row['slug']}/"}
            for row in tag_rows
        ]


def tokens_of(text):
    from search.query import clean, tokens

    return tokens(clean(text)[:200])


def facet_counts(matches, filters, backend=None) -> tuple[dict[str, list[FacetValue]], int]:
    """Counts for each facet over what this viewer may see and what matched: never more.

    One statement per answer: the matching, visible ids (with their kind, organisation and
    year) are computed once as a common table expression, and every facet, the tags included,
    is grouped from that set. The full-text match and the audience filter therefore run once
    for all the facets, and no count can include an entry the filter left out. Returns the
    facets and the exact total (the sum of the kind counts, before they are cut to a top few).
    A backend with a ``facet_rows(matches)`` hook counts the same matches (the same WHERE, so
    the same audience filter) from its own structures, returning rows of the same shape:
    SQLite from its narrow facet table, PostgreSQL from the tag ids on each entry row.
    """
    hook = getattr(backend, "facet_rows", None)
    rows = hook(matches) if hook is not None else _facet_rows(matches)
    return summarise(rows, filters)


def summarise(rows, filters) -> tuple[dict[str, list[FacetValue]], int]:
    """Facets (the top few values of each, by count) and the exact total, from count rows:
    (kind, organisation, year, None, n) per combination, (None, slug, None, name, n) per tag."""
    counts = {"kind": Counter(), "organisation": Counter(), "year": Counter()}
    tags = []
    for kind, organisation, year, tag_name, count in rows:
        if kind is None:
            tags.append((organisation, tag_name, count))
            continue
        counts["kind"][kind] += count
        if organisation:
            counts["organisation"][organisation] += count
        if year:
            counts["year"][str(year)] += count
    return facets_from_counts(counts, tags, filters)


def facets_from_counts(counts, tags, filters) -> tuple[dict[str, list[FacetValue]], int]:
    """Facets and the exact total from per-value counts: ``counts`` maps kind, organisation and
    year to a Counter (every counted entry has a kind), ``tags`` is (slug, name, n) per tag."""
    chosen = {name: set(values) for name, values in filters.items()}
    tags = sorted(tags, key=lambda tag: (-tag[2], tag[1]))[:FACET_LIMIT]
    total = sum(counts["kind"].values())

    def values(name, pairs, label=str):
        return [
            FacetValue(value, label(value), count, value in chosen.get(name, ()))
            for value, count in pairs
        ]

    by_count = {
        name: sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:FACET_LIMIT]
        for name, counter in counts.items()
    }
    facets = {
        "kind": values("kind", by_count["kind"], kind_label),
        "tag": [
            FacetValue(slug, name, count, slug in chosen.get("tag", ()))
            for slug, name, count in tags
        ],
        "organisation": values("organisation", by_count["organisation"]),
        "year": values("year", sorted(counts["year"].items(), reverse=True)[:FACET_LIMIT]),
    }
    return facets, total


def _facet_rows(matches) -> list[tuple]:
    """(kind, organisation, year, None, count) per combination, (None, slug, None, name, count)
    per tag, over the matching, visible entries, in one statement on the entry table."""
    columns = matches.values_list("pk", "kind", "organisation", "year")
    inner, params = columns.query.sql_with_params()
    through = SearchEntry.tags.through._meta.db_table
    tag_table = Tag._meta.db_table
    # The table expression is used twice, so both SQLite (3.35+) and PostgreSQL (12+) compute
    # it once. Kind, organisation and year are grouped together (a few hundred combinations
    # at most) and split here. "m CROSS JOIN tagged" keeps SQLite starting from the matches
    # (it cannot know how few they are) rather than from every tagged entry.
    sql = f"""
        WITH m (id, kind, organisation, year) AS ({inner})
        SELECT kind, organisation, year, NULL, COUNT(*) FROM m
        GROUP BY kind, organisation, year
        UNION ALL
        SELECT NULL, tag.slug, NULL, tag.name, counted.n FROM (
            SELECT tagged.tag_id AS tag_id, COUNT(*) AS n
            FROM m CROSS JOIN {through} AS tagged
            WHERE tagged.searchentry_id = m.id
            GROUP BY tagged.tag_id
        ) AS counted
        JOIN {tag_table} AS tag ON tag.id = counted.tag_id"""  # noqa: S608 (our own SQL; the visitor's words are parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
