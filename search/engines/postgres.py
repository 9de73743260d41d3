"""PostgreSQL: matching and ranking on the tables ``search/migrations/0002_full_text`` built.

``search_head`` (title A, tags B, summary C) and ``search_vector`` (the head and the body, D)
hold each entry's words, rewritten by a trigger when its text changes. Totals and facets are
counted by ``search.engines.snapshot`` over ids read from ``search_match``, a narrow copy of
the vectors; the entry rows are narrow too (``toast_tuple_target``) for the SQL count used inside
transactions. Ranking reads the vector of every row it ranks, so matches are cut to a
candidate set first, picked cheaply: head matches, then the newest.
"""

import math

from search.engines.base import (
    RECENCY,
    candidate_strength,
    fold_words_matched,
    order_candidates,
    reorders_groups,
)
from search.query import ParsedQuery

RANK_WEIGHTS = "{0.1, 0.2, 0.5, 1.0}"  # D, C, B, A


# The entry's boost (superseded guidance is demoted) times the recency tie-break.
MULTIPLIER_SQL = f"""search_searchentry.boost
    * (1.0 + {RECENCY} / (1.0 + GREATEST(0, current_date
        - COALESCE(search_searchentry.date, DATE '2000-01-01')) / 365.0))"""


def _rank_sql(rank_sql: str) -> str:
    return f"ts_rank('{RANK_WEIGHTS}', search_searchentry.search_vector, ({rank_sql}))"


def score_sql(rank_sql: str) -> str:
    """The first-pass score of one match for the tsquery ``rank_sql``, higher is better:
    weighted ``ts_rank`` times ``MULTIPLIER_SQL``. Takes the tsquery's parameters once.
    Partial matches of a longer query are scored again by ``PostgresBackend.rescore``."""
    return f"{_rank_sql(rank_sql)} * {MULTIPLIER_SQL}"


def rarity(candidates: int, matching: int) -> float:
    """BM25's inverse document frequency, from how many of the candidates match a word."""
    return math.log(1.0 + (candidates - matching + 0.5) / (matching + 0.5))


# Matches scored per group (head, then body only): at least every reachable page
# (search.engines.base.MAX_PAGE pages of PER_PAGE).
CANDIDATES = 500


def term_tsquery(term, *, exact=False) -> tuple[str, list]:
    """Any of the term's alternatives as phrases; for a quoted phrase, also all its words
    anywhere (unless ``exact``).

    The phrase as typed is left out of the loose form: an entry holding it holds all its words
    anyway, and the index cannot check a phrase (each candidate's vector is read from its row),
    while it decides "all these words" alone."""
    chosen = term.alternatives[1:] if term.loose and not exact else term.alternatives
    alternatives = ["phraseto_tsquery('english'::regconfig, %s)"] * len(chosen)
    params = [" ".join(alt) for alt in chosen]
    if term.loose and not exact:
        alternatives.append("plainto_tsquery('english'::regconfig, %s)")
        params.append(" ".join(term.loose))
    return "(" + " || ".join(alternatives) + ")", params


def has_phrase(query: ParsedQuery) -> bool:
    """Whether matching the query checks word positions (a phrase, a synonym of several words;
    not a quoted phrase alone, whose words decide, see ``term_tsquery``)."""
    return any(
        len(alt) > 1
        for term in query.terms
        for alt in (term.alternatives[1:] if term.loose else term.alternatives)
    )


def tsquery(query: ParsedQuery, mode: str) -> tuple[str, list]:
    """A tsquery built by SQL functions from parameters: user text is never tsquery syntax."""
    terms, params = [], []
    for term in query.terms:
        term_sql, term_params = term_tsquery(term)
        terms.append(term_sql)
        params += term_params
    if mode == "all":
        return " && ".join(terms), params
    if mode == "any":
        return " || ".join(terms), params
    raise ValueError(mode)


class PostgresBackend:
    vendor = "postgresql"
    suggest_ids_first = True
    # Matches counted, newest first, when matching checks a phrase: each is a row's vector
    # read and checked (2,000 cost ~6 ms; every match of "direct payment" at 100,000 entries,
    # ~300 ms). See ``DatabaseEngine.counts_from_snapshot``.
    count_cap = 2_000

    def facet_rows(self, matches) -> list[tuple]:
        """Facet counts in one pass over the matches (an ORM queryset on SearchEntry: each
        visible match's id, kind, organisation, year and tag ids, the row's ``tag_ids``).

        Rows come out as the generic statement's (``search.engines.database.facet_counts``):
        (kind, organisation, year, NULL, n) per kind/organisation/year, and (NULL, tag slug,
        NULL, tag name, n) per tag. Each match is expanded to one row per tag (one row if it
        has none) and both groupings are counted in the same scan; the row of its first tag
        counts the entry once for kind/organisation/year. No table expression is materialised
        and no tagging is joined: for 14,000 matches that halved the statement's time.
        """
        from django.db.models import Field

        from search.engines.database import FullTextMatch

        columns = matches.annotate(
            tag_ids=FullTextMatch("{table}.tag_ids", [], output_field=Field())
        ).values_list("pk", "kind", "organisation", "year", "tag_ids")
        matches_sql, params = columns.query.sql_with_params()
        sql = f"""
        SELECT CASE WHEN c.by_entry THEN c.kind END,
               CASE WHEN c.by_entry THEN c.organisation ELSE tag.slug END,
               CASE WHEN c.by_entry THEN c.year END,
               tag.name, c.n
        FROM (
            SELECT kind, organisation, year, tag_id,
                   GROUPING(kind, organisation, year) = 0 AS by_entry,
                   CASE WHEN GROUPING(kind, organisation, year) = 0
                        THEN COUNT(*) FILTER (WHERE tag_id IS NULL OR tag_id = first_tag)
                        ELSE COUNT(tag_id) END AS n
            FROM (
                SELECT kind, organisation, year, tag_ids[1] AS first_tag,
                       unnest(CASE WHEN tag_ids = '{{}}' THEN '{{NULL}}'::integer[]
                                   ELSE tag_ids END) AS tag_id
                FROM ({matches_sql}) AS m (id, kind, organisation, year, tag_ids)
            ) AS expanded
            GROUP BY GROUPING SETS ((kind, organisation, year), (tag_id))
        ) AS c
        LEFT JOIN taggit_tag AS tag ON tag.id = c.tag_id
        WHERE c.by_entry OR c.tag_id IS NOT NULL"""  # noqa: S608 (our own SQL; the words are parameters)
        return self._fetch(sql, params)

    def _fetch(self, sql, params) -> list[tuple]:
        """Run the facet statement with the planner told what it cannot know.

        Testing a match on the row (a sequential scan) fetches the row's out-of-line vector,
        and the planner does not count that: for a word in most entries it chose to scan the
        whole table that way, three to four times slower than the full-text index, which
        finds the same rows without reading any vector. The same statement's row estimate
        (an ``unnest`` per match) put broad words over ``jit_above_cost``, and compiling
        took ~130 ms, more than running. Both settings last until the end of this statement's
        transaction; inside a caller's transaction they are put back at once.
        """
        from django.db import connection, transaction

        nested = connection.in_atomic_block
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('enable_seqscan'), current_setting('jit'), "
                "set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)"
            )
            seqscan, jit, _, _ = cursor.fetchone()
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            if nested:
                cursor.execute(
                    "SELECT set_config('enable_seqscan', %s, true), set_config('jit', %s, true)",
                    [seqscan, jit],
                )
        return rows

    def visible_counts(self, words, where, cap) -> list[tuple[str, int]]:
        """(word, entries matching it that ``where`` admits, counting no further than ``cap``),
        for each word, in one statement. Each count stops at ``cap`` rows, so a broad word costs
        no more than a rare one and the planner needs none of ``_fetch``'s settings."""
        from django.db import connection

        where_sql, where_params = where
        one = f"""
            SELECT %s::text, (SELECT count(*) FROM (
                SELECT 1 FROM search_searchentry
                WHERE search_searchentry.search_vector
                      @@ plainto_tsquery('english'::regconfig, %s)
                  AND ({where_sql})
                LIMIT %s
            ) AS admitted)"""  # noqa: S608 (our own fragments; values are parameters)
        params = [p for word in words for p in (word, word, *where_params, cap)]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join([one] * len(words)), params)
            return cursor.fetchall()

    def audience_condition(self, visibility) -> tuple[str, list]:
        """``hub.accounts.access.Visibility`` as SQL, testing groups on the row's ``group_ids``
        rather than with ``audience_q``'s ``pk IN (entries of these groups)`` subquery."""
        from hub.accounts.access import Audience

        params = [str(audience) for audience in visibility.audiences]
        sql = "{table}.audience IN (" + ", ".join(["%s"] * len(params)) + ")"
        if visibility.group_ids:
            sql = f"({sql} OR ({{table}}.audience = %s AND {{table}}.group_ids && %s::integer[]))"
            params += [str(Audience.GROUPS), sorted(visibility.group_ids)]
        return sql, params

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

    def caps_counts(self, query) -> bool:
        """Whether totals are counted up to a cap (``DatabaseEngine.counts_from_snapshot``):
        when matching checks word positions, which the index cannot (each candidate row's
        vector is read and checked)."""
        return has_phrase(query)

    def match_ids(self, query, mode, limit=None):
        """The ids of every entry matching (whoever may see it), or of the newest ``limit``,
        from the narrow match table (through ``search_match_ids``), and the facet token read
        in the same statement, so from the same snapshot (``search.engines.snapshot``)."""
        from django.db import connection

        from search.engines.snapshot import ids_from_text

        words, params = tsquery(query, mode)
        ids_sql = f"search_match_ids({words})"
        if limit is not None:
            ids_sql = (
                "(SELECT string_agg(id::text, ',') FROM (SELECT id FROM search_match "  # noqa: S608 (our own SQL; words are parameters)
                f"WHERE words @@ ({words}) ORDER BY id DESC LIMIT %s) AS newest)"
            )
            params = [*params, limit]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT (SELECT token FROM search_facet_token WHERE id = 1), "  # noqa: S608 (our own SQL; words are parameters)
                f"{ids_sql}",
                params,
            )
            token, ids = cursor.fetchone()
        return ids_from_text(ids), token

    def ranked(self, query, mode, where, limit, offset):
        """Rank a capped candidate set in one statement, head matches first.

        Matches in the title, tags or summary come from the small ``search_head`` index; only
        when they cannot fill the page does the statement read body-only matches (a gating
        condition PostgreSQL evaluates once, before running that branch). Each group scores
        at most the newest CANDIDATES visible matches, so ``ts_rank`` de-TOASTs a few hundred
        vectors, not every match; older matches follow, newest first, so pages agree with
        each other however deep (``order_candidates``).
        """
        from django.db import connection

        where_sql, where_params = where
        condition, condition_params, rank_sql, rank_params = self._condition(query, mode)
        head = f"search_searchentry.search_head @@ ({rank_sql})"
        # For "all" (and one word) a head match is a match: skip re-checking the big vector.
        head_condition, head_params = head, rank_params
        if mode == "some_only":
            head_condition = f"{condition} AND {head}"
            head_params = [*condition_params, *rank_params]
        cap = max(CANDIDATES, offset + limit)
        # Partial matches are scored word by word in ``rescore``, which replaces this score:
        # ranking them here too would read every candidate's vector twice.
        score, score_params = score_sql(rank_sql), rank_params
        if mode == "some_only":
            score, score_params = "0.0", []
        sql = f"""
            WITH head AS MATERIALIZED (
                SELECT search_searchentry.id, {score} AS score
                FROM search_searchentry
                WHERE {head_condition} AND ({where_sql})
                ORDER BY search_searchentry.id DESC
                LIMIT %s
            )
            SELECT id, score, 0 FROM head
            UNION ALL
            SELECT * FROM (
                SELECT search_searchentry.id, {score} AS score, 1
                FROM search_searchentry
                WHERE {condition} AND NOT {head} AND ({where_sql})
                ORDER BY search_searchentry.id DESC
                LIMIT %s
            ) AS body_only
            WHERE (SELECT count(*) FROM head) < %s"""  # noqa: S608 (our own fragments; values are parameters)
        # Partial matches of three or more words rank by words matched before head or body,
        # and a phrase found as typed above its words found apart (``order_candidates``):
        # body-only candidates are then needed even when the head fills the page, or a later
        # page would hold better matches than this one.
        by_words = reorders_groups(query, mode)
        params = [
            *score_params, *head_params, *where_params, cap,
            *score_params, *condition_params, *rank_params, *where_params, cap,
            cap + 1 if by_words else offset + limit,
        ]  # fmt: skip
        # Plain execution: ordered by id with a limit, the planner walks the primary key for
        # broad words (stopping at CANDIDATES) and the index for rarer ones, as it should.
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        rows, matched = self.rescore(query, mode, rows)
        ids = [row[0] for row in rows]
        exact = None
        if any(term.loose for term in query.terms):
            # A quoted phrase found as typed ranks above its words found apart.
            exact = self.phrases_matched(query, ids)
        strength = candidate_strength(ids, matched, exact)
        return order_candidates(rows, CANDIDATES, strength)[offset : offset + limit]

    def phrases_matched(self, query, ids) -> dict[int, int]:
        """How many of the query's quoted phrases each of these candidates matches as typed."""
        from django.db import connection

        if not ids:
            return {}
        columns, params = [], []
        for term in query.terms:
            if term.loose:
                term_sql, term_params = term_tsquery(term, exact=True)
                columns.append(f"(search_searchentry.search_vector @@ {term_sql})::int")
                params += term_params
        sql = (
            f"SELECT search_searchentry.id, {' + '.join(columns)} "  # noqa: S608 (our own SQL; words are parameters)
            "FROM search_searchentry WHERE search_searchentry.id = ANY(%s)"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, ids])
            return dict(cursor.fetchall())

    def rescore(self, query, mode, rows):
        """Weigh each word of a partial match by its rarity, and count the words matched.

        ``ts_rank`` has no notion of rarity: in "monitoring direct payments" the phrase that
        is in every entry counted as much as "monitoring". Each word's rank is weighted by
        how rare it is among the candidates (a sample of the matches, never the whole table,
        so the cost stays a few hundred rows). For partial matches of three or more words,
        the number of words matched comes first (``fold_words_matched``).
        Returns the rows and, for those longer partial matches, each id's words matched.
        """
        from django.db import connection

        ids = [row[0] for row in rows]
        # Every "all words" candidate matches every word: rarity among them cannot tell
        # them apart, so only partial matches are scored again.
        if mode != "some_only" or not ids:
            return rows, None
        columns, params = [], []
        for term in query.terms:
            term_sql, term_params = term_tsquery(term)
            columns.append(f"search_searchentry.search_vector @@ ({term_sql})")
            columns.append(_rank_sql(term_sql))
            params += term_params * 2
        # Each mention of a long vector would fetch it from TOAST again: read it once per row
        # (concatenating an empty vector changes nothing), a third less time for 1,000 rows.
        sql = (
            f"SELECT search_searchentry.id, {MULTIPLIER_SQL}, {', '.join(columns)} "  # noqa: S608 (our own SQL; words are parameters)
            "FROM (SELECT id, boost, date, search_vector || ''::tsvector AS search_vector "
            "FROM search_searchentry WHERE id = ANY(%s) OFFSET 0) AS search_searchentry"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, ids])
            found = {row[0]: row[1:] for row in cursor.fetchall()}
        terms = range(len(query.terms))
        weights = [
            rarity(len(found), sum(1 for row in found.values() if row[1 + 2 * t])) for t in terms
        ]
        score, matched = {}, {}
        for pk, (multiplier, *per_term) in found.items():
            score[pk] = float(multiplier) * sum(weights[t] * per_term[2 * t + 1] for t in terms)
            matched[pk] = sum(1 for t in terms if per_term[2 * t])
        rescored = [(pk, score.get(pk, 0.0), group) for pk, _, group in rows]
        if len(query.terms) <= 2:
            return rescored, None
        return fold_words_matched(rescored, matched), matched

    def prefix_ids(self, words):
        # Words are letters and digits only; ':*' is added here, never taken from the user.
        expression = " & ".join(words[:-1] + [words[-1] + ":*"])
        return (
            "SELECT entry_id FROM search_title_words "
            "WHERE title_words @@ to_tsquery('simple'::regconfig, %s) "
            "ORDER BY entry_id DESC LIMIT 300",
            [expression],
        )
