"""SQLite: matching and ranking on the FTS5 tables ``search/migrations/0002_full_text`` built."""

from search.engines.base import (
    RECENCY,
    candidate_strength,
    fold_words_matched,
    order_candidates,
    reorders_groups,
)
from search.query import ParsedQuery

# title, tags, summary, body: the order of importance.
COLUMN_WEIGHTS = (10.0, 5.0, 2.0, 1.0)


def _column_bm25(column: int) -> str:
    """BM25 of one column alone (bm25() takes a weight per column; the others get 0)."""
    weights = ", ".join("1" if c == column else "0" for c in range(len(COLUMN_WEIGHTS)))
    return f"bm25(search_fts, {weights})"


# The ranking score of one FTS5 match, higher is better (bm25() is negative). Each column is
# scored on its own and the scores weighted: bm25()'s own weights multiply the word counts
# *before* BM25 saturates them, so a title match (weight 10) counted barely twice a body match
# and a title-and-tags match hardly more than a title one. Then the entry's boost (superseded
# guidance is demoted) and the recency tie-break.
_TEXT_SCORE = " + ".join(f"{w} * {_column_bm25(c)}" for c, w in enumerate(COLUMN_WEIGHTS))
SCORE_SQL = f"""-({_TEXT_SCORE})
    * search_searchentry.boost
    * (1.0 + {RECENCY} / (1.0 + MAX(0.0, julianday('now')
        - julianday(COALESCE(search_searchentry.date, '2000-01-01'))) / 365.0))"""
HEAD_COLUMNS = "title tags_text summary"
# Matches scored per group (head, then body only); at least every page a visitor can reach
# (search.engines.base.MAX_PAGE pages of PER_PAGE).
CANDIDATES = 500
COUNT_BATCH = 100  # words counted per statement (SQLite allows 500 terms in a compound one)


def _quoted(words) -> str:
    # Tokens are letters and digits only (search.query), so quoting makes them plain strings:
    # FTS5 reads "a b" as a phrase and never sees an operator from the user.
    return '"' + " ".join(words) + '"'


def term_expression(term, *, exact=False) -> str:
    """Any of the term's alternatives; for a quoted phrase, also all its words anywhere
    (unless ``exact``)."""
    alternatives = [_quoted(alt) for alt in term.alternatives]
    if term.loose and not exact:
        alternatives.append("(" + " AND ".join(_quoted([word]) for word in term.loose) + ")")
    return " OR ".join(alternatives)


def match_expression(query: ParsedQuery, mode: str) -> str:
    terms = [f"({term_expression(term)})" for term in query.terms]
    if mode == "all":
        return " AND ".join(terms)
    if mode == "any":
        return " OR ".join(terms)
    if mode == "some_only":
        return f"({' OR '.join(terms)}) NOT ({' AND '.join(terms)})"
    raise ValueError(mode)


class SqliteBackend:
    vendor = "sqlite"
    suggest_ids_first = False  # one statement: SQLite starts from the FTS candidates anyway

    def match_condition(self, query, mode):
        return (
            '{table}."id" IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)',
            [match_expression(query, mode)],
        )

    def match_ids(self, query, mode):
        """The ids of every entry matching (whoever may see it), and the facet token read in
        the same statement (``search.engines.snapshot``)."""
        from django.db import connection

        from search.engines.snapshot import ids_from_text

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT (SELECT token FROM search_facet_token WHERE id = 1), group_concat(rowid) "
                "FROM search_fts WHERE search_fts MATCH %s",
                [match_expression(query, mode)],
            )
            token, ids = cursor.fetchone()
        return ids_from_text(ids), token

    def ranked(self, query, mode, where, limit, offset):
        """Rank a capped candidate set, never every match.

        ``bm25()`` costs a lookup per row it scores, so scoring all 80,000 matches of a broad
        word takes hundreds of milliseconds. Entries matching in the title, tags or summary
        come first; within each of the two groups, the newest CANDIDATES visible matches are
        scored (FTS5 walks its index newest first and stops there); older matches follow,
        newest first, so pages agree with each other however deep (``order_candidates``).
        """
        from django.db import connection

        expression = match_expression(query, mode)
        head = f"{{{HEAD_COLUMNS}}} : ({expression})"
        if mode == "some_only":
            # Some words in the head columns can still be every word overall (the rest in
            # the body): such an entry is ranked with the "all" matches, not here again.
            head = f"({expression}) AND {head}"
        body_only = f"({expression}) NOT ({head})"
        cap = max(CANDIDATES, offset + limit)
        where_sql, where_params = where
        group_sql = f"""
            SELECT search_searchentry.id, {SCORE_SQL} AS score, %s AS grp
            FROM search_fts
            JOIN search_searchentry ON search_searchentry.id = search_fts.rowid
            WHERE search_fts MATCH %s AND ({where_sql})
            ORDER BY search_fts.rowid DESC
            LIMIT %s"""  # noqa: S608 (only our own fragments; values are parameters)
        # Body-only matches are scored only when the head matches cannot fill the page. The
        # gate is the branch's LIMIT (0 when the head is enough), which SQLite computes before
        # it opens the branch: a gate in its WHERE let FTS5 read the NOT expression's matches
        # first (15 ms for a broad word at 100,000 entries). When words matched or a phrase
        # found as typed rank before head or body (``order_candidates``), body matches are
        # needed whatever the head holds.
        by_strength = reorders_groups(query, mode)
        gate = cap + 1 if by_strength else offset + limit
        body_sql = group_sql.replace(
            "LIMIT %s", "LIMIT (CASE WHEN (SELECT count(*) FROM head) < %s THEN %s ELSE 0 END)"
        )
        sql = f"""
            WITH head AS MATERIALIZED ({group_sql})
            SELECT * FROM head
            UNION ALL
            SELECT * FROM ({body_sql})"""  # noqa: S608 (our own fragments)
        params = [0, head, *where_params, cap, 1, body_only, *where_params, gate, cap]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        ids = [r[0] for r in rows]
        matched = exact = None
        if mode == "some_only" and len(query.terms) > 2:
            matched = self.words_matched(query, ids)
            rows = fold_words_matched(rows, matched)
        if any(term.loose for term in query.terms):
            # A quoted phrase found as typed ranks above its words found apart.
            exact = self.words_matched(query, ids, exact=True)
        strength = candidate_strength(ids, matched, exact)
        return order_candidates(rows, CANDIDATES, strength)[offset : offset + limit]

    def words_matched(self, query, ids, *, exact=False) -> dict[int, int]:
        """How many of the query's words (or phrases) each of these candidates matches.

        ``exact``: how many of its quoted phrases each matches as typed (words found apart
        do not count).
        """
        from django.db import connection

        counts = dict.fromkeys(ids, 0)
        if not ids:
            return counts
        # A rowid range, not "rowid IN (ids)": FTS5 looks each listed id up on its own (50 to
        # 180 ms for 1,000 candidates on 100,000 entries), but reads a range in one pass
        # (under 5 ms); matches in the range that are not candidates are skipped here.
        sql = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s AND rowid BETWEEN %s AND %s"
        with connection.cursor() as cursor:
            for term in query.terms:
                if exact and not term.loose:
                    continue
                cursor.execute(sql, [term_expression(term, exact=exact), min(ids), max(ids)])
                for (pk,) in cursor.fetchall():
                    if pk in counts:
                        counts[pk] += 1
        return counts

    def visible_counts(self, words, where, cap) -> list[tuple[str, int]]:
        """(word, entries matching it that ``where`` admits, counting no further than ``cap``),
        for each word, in one statement: each count stops at ``cap`` admitted rows."""
        from django.db import connection

        where_sql, where_params = where
        one = f"""
            SELECT %s, (SELECT count(*) FROM (
                SELECT 1 FROM search_fts
                JOIN search_searchentry ON search_searchentry.id = search_fts.rowid
                WHERE search_fts MATCH %s AND ({where_sql})
                LIMIT %s
            ))"""  # noqa: S608 (our own fragments; values are parameters)
        rows = []
        with connection.cursor() as cursor:
            for start in range(0, len(words), COUNT_BATCH):
                batch = words[start : start + COUNT_BATCH]
                params = [p for w in batch for p in (w, _quoted([w]), *where_params, cap)]
                cursor.execute(" UNION ALL ".join([one] * len(batch)), params)
                rows += cursor.fetchall()
        return rows

    def facet_rows(self, matches):
        """Facet counts over the matching, visible entries, read from ``search_facet``.

        The WHERE of ``matches`` is the engine's own for the answer (audience filter, facet
        choices, full-text match), written against ``search_searchentry``; the facet table
        carries the columns it reads under the same name, so no count can include an entry it
        leaves out.
        Rows are (kind, organisation, year, None, count) per combination and
        (None, tag slug, None, tag name, count) per tag, as ``facet_counts`` expects.
        CROSS JOIN fixes the order: each set of tags is split once (not once per tag).
        """
        from django.db import connection

        from search.engines.database import where_clause

        where_sql, params = where_clause(matches)
        sql = f"""
            WITH m AS (
                SELECT search_searchentry.combo, search_searchentry.tagset
                FROM search_facet AS search_searchentry
                WHERE {where_sql}
            ),
            sets AS (
                SELECT tagset, COUNT(*) AS n FROM m WHERE tagset IS NOT NULL GROUP BY tagset
            )
            SELECT combo.kind, combo.organisation, NULLIF(combo.year, 0), NULL, counted.n
            FROM (SELECT combo, COUNT(*) AS n FROM m GROUP BY combo) AS counted
            JOIN search_facet_combo AS combo ON combo.id = counted.combo
            UNION ALL
            SELECT NULL, tag.slug, NULL, tag.name, SUM(sets.n)
            FROM sets
            CROSS JOIN search_facet_tagset AS tagset ON tagset.id = sets.tagset
            CROSS JOIN json_each('[' || tagset.tag_ids || ']') AS one
            CROSS JOIN taggit_tag AS tag ON tag.id = one.value
            GROUP BY tag.id"""  # noqa: S608 (our own fragments; values are parameters)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def prefix_ids(self, words):
        *whole, last = words
        expression = " ".join(_quoted([w]) for w in whole) + f" {_quoted([last])}*"
        # The newest few hundred titles with the prefix: enough to fill a suggestion list,
        # without ranking every title that starts with "pa".
        return (
            "SELECT rowid FROM search_title_fts WHERE search_title_fts MATCH %s "
            "ORDER BY rowid DESC LIMIT 300",
            [expression.strip()],
        )
