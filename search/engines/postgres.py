"""PostgreSQL: weighted tsvector columns generated from the entry, with GIN indexes.

``search_head`` (title A, tags B, summary C) is small and stays in the row; ``search_vector``
adds the body (D) and is usually TOASTed. Ranking reads the vector of every row it ranks, so
matches are cut to a candidate set first, picked cheaply: head matches, then the newest.
"""

from search.query import ParsedQuery

RANK_WEIGHTS = "{0.1, 0.2, 0.5, 1.0}"  # D, C, B, A
CANDIDATES = 400

_HEAD = (
    "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(tags_text, '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'C')"
)
_BODY = "setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'D')"

CREATE_SQL = [
    f"ALTER TABLE search_searchentry ADD COLUMN search_head tsvector "
    f"GENERATED ALWAYS AS ({_HEAD}) STORED",
    f"ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector "
    f"GENERATED ALWAYS AS ({_HEAD} || {_BODY}) STORED",
    "CREATE INDEX search_entry_head_gin ON search_searchentry USING gin (search_head)",
    "CREATE INDEX search_entry_vector_gin ON search_searchentry USING gin (search_vector)",
    "CREATE INDEX search_entry_title_prefix ON search_searchentry "
    "USING gin (to_tsvector('simple'::regconfig, title))",
]

DROP_SQL = [
    "DROP INDEX IF EXISTS search_entry_title_prefix",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_head",
]


def tsquery(query: ParsedQuery, mode: str) -> tuple[str, list]:
    """A tsquery built by SQL functions from parameters: user text is never tsquery syntax."""
    terms, params = [], []
    for term in query.terms:
        alternatives = []
        for alt in term.alternatives:
            alternatives.append("phraseto_tsquery('english'::regconfig, %s)")
            params.append(" ".join(alt))
        terms.append("(" + " || ".join(alternatives) + ")")
    if mode == "all":
        return " && ".join(terms), params
    if mode == "any":
        return " || ".join(terms), params
    raise ValueError(mode)


class PostgresBackend:
    vendor = "postgresql"

    def _condition(self, query, mode):
        if mode == "some_only":
            any_sql, any_params = tsquery(query, "any")
            all_sql, all_params = tsquery(query, "all")
            return (
                f"search_searchentry.search_vector @@ ({any_sql}) "
                f"AND NOT search_searchentry.search_vector @@ ({all_sql})",
                any_params + all_params,
                any_sql,
                any_params,
            )
        sql, params = tsquery(query, mode)
        return f"search_searchentry.search_vector @@ ({sql})", params, sql, params

    def match_condition(self, query, mode):
        # On the row itself (not "id IN (subquery)"), so the planner starts from the GIN index.
        condition, params, _, _ = self._condition(query, mode)
        return condition.replace("search_searchentry.", "{table}."), params

    def ranked(self, query, mode, where, limit, offset):
        from django.db import connection

        where_sql, where_params = where
        condition, condition_params, rank_sql, rank_params = self._condition(query, mode)
        cap = CANDIDATES + offset + limit
        sql = f"""
            SELECT c.id,
                   ts_rank('{RANK_WEIGHTS}', c.search_vector, ({rank_sql})) * c.boost
                   * (1.0 + 0.1 / (1.0 + GREATEST(0, current_date
                       - COALESCE(c.date, DATE '2000-01-01')) / 365.0)) AS score
            FROM (
                SELECT search_searchentry.id, search_searchentry.search_vector,
                       search_searchentry.boost, search_searchentry.date
                FROM search_searchentry
                WHERE {condition} AND ({where_sql})
                ORDER BY search_searchentry.search_head @@ ({rank_sql}) DESC,
                         search_searchentry.date DESC NULLS LAST
                LIMIT %s
            ) c
            ORDER BY score DESC, c.id DESC
            LIMIT %s OFFSET %s"""  # noqa: S608 (only our own fragments; values are parameters)
        params = [*rank_params, *condition_params, *where_params, *rank_params, cap, limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def prefix_ids(self, words):
        # Words are letters and digits only; ':*' is added here, never taken from the user.
        expression = " & ".join(words[:-1] + [words[-1] + ":*"])
        return (
            "SELECT id FROM search_searchentry "
            "WHERE to_tsvector('simple'::regconfig, title) @@ to_tsquery('simple'::regconfig, %s) "
            "ORDER BY id DESC LIMIT 300",
            [expression],
        )
