"""The database engine: full-text search over SearchEntry, on SQLite (FTS5) or PostgreSQL.

The dialect differences (how words match, how matches rank) live in a small backend object;
visibility, facets, paging and snippets are the same ORM code on both.
"""

from __future__ import annotations

from collections import Counter

from django.db import connection
from django.db.models import BooleanField, Count, Exists, Expression, OuterRef
from django.db.models.expressions import RawSQL
from taggit.models import Tag

from hub.accounts import access
from search.engines.base import FacetValue, Hit, SearchRequest, SearchResult, kind_label
from search.models import SearchEntry
from search.snippets import snippet

FACET_LIMIT = 20


class FullTextMatch(Expression):
    """A backend's full-text condition on SearchEntry, usable in any ORM filter or subquery.

    The table's alias is looked up when the SQL is written, so the condition stays correct
    when Django nests the queryset as a subquery (where the table is renamed ``U0``).
    The SQL template is the backend's own; the visitor's words arrive only as parameters.
    """

    output_field = BooleanField()
    conditional = True

    def __init__(self, template, params):
        super().__init__()
        self.template, self.params = template, list(params)

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.base_table)
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

    def search(self, request: SearchRequest) -> SearchResult:
        visible = visible_entries(request.viewer)
        filtered = apply_filters(visible, request.filters)
        query = request.query
        multi = len(query.terms) > 1
        matches = filtered.filter(self._matches(query, "any"))

        facets = self.facets(matches, request.filters) if request.with_facets else {}
        if facets.get("kind") is not None and not request.filters.get("kind"):
            total = sum(f.count for f in facets["kind"])
        else:
            total = matches.count()

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
            hits=self.hits(scored, query.words),
            total=total,
            facets=facets,
            engine=self.name,
        )

    def _matches(self, query, mode):
        template, params = self.backend.match_condition(query, mode)
        return FullTextMatch(template, params)

    def hits(self, scored, words) -> list[Hit]:
        entries = SearchEntry.objects.in_bulk([pk for pk, _ in scored])
        tags = {}
        through = SearchEntry.tags.through.objects.filter(searchentry_id__in=entries)
        for entry_id, name, slug in through.values_list(
            "searchentry_id", "tag__name", "tag__slug"
        ).order_by("tag__name"):
            tags.setdefault(entry_id, []).append({"name": name, "slug": slug})
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
                )
            )
        return out

    def facets(self, matches, filters) -> dict[str, list[FacetValue]]:
        return facet_counts(matches, filters)

    def suggest(self, viewer, text, limit=8) -> list[dict]:
        words = tokens_of(text)[:6]
        if not words:
            return []
        visible = visible_entries(viewer)
        sql, params = self.backend.prefix_ids(words)
        titles = list(
            visible.filter(pk__in=RawSQL(sql, params))  # noqa: S611
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


def facet_counts(matches, filters) -> dict[str, list[FacetValue]]:
    """Counts for each facet over what this viewer may see and what matched: never more.

    Kind, organisation and year come from one grouped query (a few hundred combinations at
    most), so the full-text match runs twice per answer for facets, not four times.
    """
    chosen = {name: set(values) for name, values in filters.items()}
    counts = {"kind": Counter(), "organisation": Counter(), "year": Counter()}
    for row in matches.values("kind", "organisation", "year").annotate(count=Count("pk")):
        counts["kind"][row["kind"]] += row["count"]
        if row["organisation"]:
            counts["organisation"][row["organisation"]] += row["count"]
        if row["year"]:
            counts["year"][str(row["year"])] += row["count"]
    tags = (
        SearchEntry.tags.through.objects.filter(searchentry__in=matches.values("pk"))
        .values("tag__slug", "tag__name")
        .annotate(count=Count("searchentry_id"))
        .order_by("-count", "tag__name")[:FACET_LIMIT]
    )

    def values(name, pairs, label=str):
        return [
            FacetValue(value, label(value), count, value in chosen.get(name, ()))
            for value, count in pairs
        ]

    by_count = {
        name: sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:FACET_LIMIT]
        for name, counter in counts.items()
    }
    return {
        "kind": values("kind", by_count["kind"], kind_label),
        "tag": [
            FacetValue(
                r["tag__slug"], r["tag__name"], r["count"], r["tag__slug"] in chosen.get("tag", ())
            )
            for r in tags
        ],
        "organisation": values("organisation", by_count["organisation"]),
        "year": values("year", sorted(counts["year"].items(), reverse=True)[:FACET_LIMIT]),
    }
