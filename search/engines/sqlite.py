"""SQLite: an external-content FTS5 table (porter stemming) kept in step by triggers."""

from search.engines.base import fold_words_matched, order_candidates
from search.query import ParsedQuery

# title, tags, summary, body: the order of importance.
COLUMN_WEIGHTS = (10.0, 5.0, 2.0, 1.0)
# What an entry dated today gains over an undated or very old one: 2%, falling with age (1% at
# a year old). A tie-break between equally good matches, never enough to lift a worse one.
RECENCY = 0.02


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

CREATE_SQL = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, tags_text, summary, body,
        content='search_searchentry', content_rowid='id', tokenize='porter unicode61')""",
    # Titles and tags only, with prefix indexes, for suggestions as people type.
    """CREATE VIRTUAL TABLE search_title_fts USING fts5(
        title, tags_text, content='search_searchentry', content_rowid='id',
        tokenize='porter unicode61', prefix='1 2 3')""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, title, tags_text, summary, body)
        VALUES (new.id, new.title, new.tags_text, new.summary, new.body);
        INSERT INTO search_title_fts(rowid, title, tags_text)
        VALUES (new.id, new.title, new.tags_text);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, tags_text, summary, body)
        VALUES ('delete', old.id, old.title, old.tags_text, old.summary, old.body);
        INSERT INTO search_title_fts(search_title_fts, rowid, title, tags_text)
        VALUES ('delete', old.id, old.title, old.tags_text);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE OF title, tags_text, summary, body
    ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, tags_text, summary, body)
        VALUES ('delete', old.id, old.title, old.tags_text, old.summary, old.body);
        INSERT INTO search_fts(rowid, title, tags_text, summary, body)
        VALUES (new.id, new.title, new.tags_text, new.summary, new.body);
        INSERT INTO search_title_fts(search_title_fts, rowid, title, tags_text)
        VALUES ('delete', old.id, old.title, old.tags_text);
        INSERT INTO search_title_fts(rowid, title, tags_text)
        VALUES (new.id, new.title, new.tags_text);
    END""",
]

DROP_SQL = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_title_fts",
    "DROP TABLE IF EXISTS search_fts",
]


def _quoted(words) -> str:
    # Tokens are letters and digits only (search.query), so quoting makes them plain strings:
    # FTS5 reads "a b" as a phrase and never sees an operator from the user.
    return '"' + " ".join(words) + '"'


def match_expression(query: ParsedQuery, mode: str) -> str:
    terms = ["(" + " OR ".join(_quoted(alt) for alt in t.alternatives) + ")" for t in query.terms]
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
            SELECT * FROM (
                SELECT search_searchentry.id, {SCORE_SQL} AS score,
                       %s AS grp
                FROM search_fts
                JOIN search_searchentry ON search_searchentry.id = search_fts.rowid
                WHERE search_fts MATCH %s AND ({where_sql})
                ORDER BY search_fts.rowid DESC
                LIMIT %s
            )"""  # noqa: S608 (only our own fragments; values are parameters)
        params = [0, head, *where_params, cap, 1, body_only, *where_params, cap]
        with connection.cursor() as cursor:
            cursor.execute(f"{group_sql} UNION ALL {group_sql}", params)
            rows = cursor.fetchall()
        if mode == "some_only" and len(query.terms) > 2:
            rows = fold_words_matched(rows, self.words_matched(query, [r[0] for r in rows]))
        return order_candidates(rows, CANDIDATES)[offset : offset + limit]

    def words_matched(self, query, ids) -> dict[int, int]:
        """How many of the query's words (or phrases) each of these candidates matches."""
        from django.db import connection

        counts = dict.fromkeys(ids, 0)
        if not ids:
            return counts
        marks = ",".join(["%s"] * len(ids))
        sql = f"SELECT rowid FROM search_fts WHERE search_fts MATCH %s AND rowid IN ({marks})"  # noqa: S608 (placeholders only)
        with connection.cursor() as cursor:
            for term in query.terms:
                expression = " OR ".join(_quoted(alt) for alt in term.alternatives)
                cursor.execute(sql, [expression, *ids])
                for (pk,) in cursor.fetchall():
                    counts[pk] += 1
        return counts

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
