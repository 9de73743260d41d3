"""SQLite: matching and ranking on the FTS5 tables ``search/migrations/0002_full_text`` built."""

import functools
import sqlite3
import threading

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
def _score_sql(columns) -> str:
    text_score = " + ".join(f"{COLUMN_WEIGHTS[c]} * {_column_bm25(c)}" for c in columns)
    return f"""-({text_score})
    * search_searchentry.boost
    * (1.0 + {RECENCY} / (1.0 + MAX(0.0, julianday('now')
        - julianday(COALESCE(search_searchentry.date, '2000-01-01'))) / 365.0))"""


SCORE_SQL = _score_sql(range(len(COLUMN_WEIGHTS)))
# The head columns' score alone (title, tags, summary): a head match's score as the head
# branch computes it, where body words are filtered out.
HEAD_SCORE_SQL = _score_sql(range(len(COLUMN_WEIGHTS) - 1))
HEAD_COLUMNS = "title tags_text summary"
# Matches scored per group (head, then body only); at least every page a visitor can reach
# (search.engines.base.MAX_PAGE pages of PER_PAGE).
CANDIDATES = 500
# Entries holding a phrase's words together from which ranking stops reading the phrase's
# positions everywhere (``SqliteBackend._common_phrase``): under 1 ms of bm25()'s first pass.
COMMON_PHRASE = 2_000
# Widest id range ``SqliteBackend._scores`` scores in one pass for both groups (~2 µs a row).
ONE_PASS_SPAN = 4_000
COUNT_BATCH = 100  # words counted per statement (SQLite allows 500 terms in a compound one)


def _quoted(words) -> str:
    # Tokens are letters and digits only (search.query), so quoting makes them plain strings:
    # FTS5 reads "a b" as a phrase and never sees an operator from the user.
    return '"' + " ".join(words) + '"'


_stemmer_lock = threading.Lock()
_stemmer = None


@functools.lru_cache(maxsize=4096)
def stems(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words as the index holds them (porter unicode61), read from FTS5 itself in a
    private in-memory table: "direct payments" and "direct payment" are one phrase there."""
    global _stemmer  # noqa: PLW0603 (one small in-memory table per process, made on first use)
    with _stemmer_lock:
        if _stemmer is None:
            _stemmer = sqlite3.connect(":memory:", check_same_thread=False)
            _stemmer.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter unicode61')")
            _stemmer.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
        _stemmer.execute("INSERT INTO t (rowid, x) VALUES (1, ?)", [" ".join(words)])
        rows = _stemmer.execute("SELECT term FROM v ORDER BY offset").fetchall()
        _stemmer.execute("DELETE FROM t")
    return tuple(term for (term,) in rows)


def distinct_alternatives(term) -> list[tuple[str, ...]]:
    """The term's alternatives, each once as the index reads it ("direct payment" and
    "direct payments" are the same phrase after stemming: checking it twice doubled the cost
    of the "DP" synonym)."""
    seen, out = set(), []
    for alternative in term.alternatives:
        key = stems(alternative)
        if key not in seen:
            seen.add(key)
            out.append(alternative)
    return out


def term_expression(term, *, exact=False, as_typed=False) -> str:
    """Any of the term's alternatives; for a quoted phrase, also all its words anywhere
    (unless ``exact``).

    The phrase as typed is left out of the loose form (unless ``as_typed``: the same matches,
    for ``bm25()`` to score the phrase too): an entry holding it holds all its words (stop
    words aside), so it matches anyway, and checking the phrase's positions across the whole
    index cost more than everything else in the answer.
    """
    alternatives = distinct_alternatives(term)
    if term.loose and not exact and not as_typed:
        alternatives = alternatives[1:]
    parts = [_quoted(alt) for alt in alternatives]
    if term.loose and not exact:
        parts.append("(" + " AND ".join(_quoted([word]) for word in term.loose) + ")")
    return " OR ".join(parts)


def has_phrase(query: ParsedQuery) -> bool:
    """Whether matching the query checks word positions (a phrase, a synonym of several words)."""
    return any(len(alt) > 1 for term in query.terms for alt in term_alternatives_matched(term))


def term_alternatives_matched(term) -> list[tuple[str, ...]]:
    alternatives = distinct_alternatives(term)
    return alternatives[1:] if term.loose else alternatives


def match_expression(query: ParsedQuery, mode: str, *, as_typed=False) -> str:
    terms = [f"({term_expression(term, as_typed=as_typed)})" for term in query.terms]
    if mode == "all":
        return " AND ".join(terms)
    if mode == "any":
        return " OR ".join(terms)
    if mode == "some_only":
        return f"({' OR '.join(terms)}) NOT ({' AND '.join(terms)})"
    raise ValueError(mode)


def rank_expression(query: ParsedQuery) -> str:
    """What ``bm25()`` scores the matches of a query with a phrase by: each of its words once.

    ``bm25()`` first counts, over the whole index, the entries holding each phrase of its
    expression (its inverse document frequency): for a phrase of common words that reads the
    positions of every entry holding them (30 ms for "direct payment" at 100,000 entries),
    however few matches are ranked, and a word repeated across alternatives is counted once
    per mention. Here every distinct word is one phrase. Which entries match (and so which
    are ranked) is still decided by the phrases themselves, and a phrase found as typed still
    ranks above its words apart (``order_candidates``).
    """
    words = []
    for term in query.terms:
        for alternative in (*distinct_alternatives(term), term.loose):
            words += [word for word in alternative if word not in words]
    return " OR ".join(_quoted([word]) for word in words)


class SqliteBackend:
    vendor = "sqlite"
    suggest_ids_first = False  # one statement: SQLite starts from the FTS candidates anyway

    def match_condition(self, query, mode):
        return (
            '{table}."id" IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)',
            [match_expression(query, mode)],
        )

    def caps_counts(self, query) -> bool:
        """Whether totals are counted up to a cap (``DatabaseEngine.counts_from_snapshot``):
        when matching checks word positions."""
        return has_phrase(query)

    def match_ids(self, query, mode, limit=None):
        """The ids of every entry matching (whoever may see it), or of the newest ``limit``,
        and the facet token read in the same statement (``search.engines.snapshot``)."""
        from django.db import connection

        from search.engines.snapshot import ids_from_text

        matching = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"
        params = [match_expression(query, mode)]
        if limit is not None:
            # FTS5 walks its index newest first and stops at the limit.
            matching += " ORDER BY rowid DESC LIMIT %s"
            params.append(limit)
        with connection.cursor() as cursor:
            token_sql = "SELECT token FROM search_facet_token WHERE id = 1"  # noqa: S105 (not a password)
            sql = f"SELECT ({token_sql}), group_concat(rowid) FROM ({matching})"  # noqa: S608 (our own SQL; words are parameters)
            cursor.execute(sql, params)
            token, ids = cursor.fetchone()
        return ids_from_text(ids), token

    def ranked(self, query, mode, where, limit, offset):
        """Rank a capped candidate set, never every match.

        ``bm25()`` costs a lookup per row it scores, so scoring all 80,000 matches of a broad
        word takes hundreds of milliseconds. Entries matching in the title, tags or summary
        come first; within each of the two groups, the newest CANDIDATES visible matches are
        scored (FTS5 walks its index newest first and stops there); older matches follow,
        newest first, so pages agree with each other however deep (``order_candidates``).

        When the query holds a phrase whose words many entries hold, the candidates are found
        first without a score, then scored by ``rank_expression`` over the range of ids they
        span (``_scores``): the phrase's own ``bm25()`` would first read its positions in
        every entry holding its words. Otherwise the phrase (as typed too) is scored itself.
        """
        from django.db import connection

        two_steps = self._common_phrase(query)
        expression = match_expression(query, mode, as_typed=not two_steps)
        head = self._head(expression, mode)
        body_only = f"({expression}) NOT ({head})"
        cap = max(CANDIDATES, offset + limit)
        where_sql, where_params = where
        score_sql = "0.0" if two_steps else SCORE_SQL
        group_sql = f"""
            SELECT search_searchentry.id, {score_sql} AS score, %s AS grp
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
        if two_steps:
            rows = self._scores(query, mode, rows)
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

    def _common_phrase(self, query) -> bool:
        """Whether a phrase of the query (as typed, or a synonym) has words that many entries
        hold together (``COMMON_PHRASE``): then its ``bm25()`` would read their positions in
        every one of them, and ``ranked`` scores by ``rank_expression`` instead."""
        from django.db import connection

        phrases = [
            alternative
            for term in query.terms
            for alternative in distinct_alternatives(term)
            if len(alternative) > 1
        ]
        if not phrases:
            return False
        one = "SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH %s LIMIT %s)"
        counts = " UNION ALL ".join([f"SELECT ({one}) AS n"] * len(phrases))
        sql = f"SELECT max(n) FROM ({counts})"  # noqa: S608 (our own SQL; words are parameters)
        params = [
            p
            for phrase in phrases
            for p in (" AND ".join(_quoted([word]) for word in phrase), COMMON_PHRASE)
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0] >= COMMON_PHRASE

    @staticmethod
    def _head(expression, mode):
        head = f"{{{HEAD_COLUMNS}}} : ({expression})"
        if mode == "some_only":
            # Some words in the head columns can still be every word overall (the rest in
            # the body): such an entry is ranked with the "all" matches, not here again.
            head = f"({expression}) AND {head}"
        return head

    def _scores(self, query, mode, rows):
        """(id, score, group) rows for candidates found unscored, each group scored as in one
        statement: ``bm25()`` of ``rank_expression`` (the head group in the head columns),
        over the range of ids the candidates span (FTS5 reads a range in one pass; looking
        ids up one by one costs far more). Matches of the ranking expression in the range
        that are not candidates are skipped.

        When the candidates of both groups span at most ``ONE_PASS_SPAN`` ids (a common
        phrase's newest matches lie close together), one pass scores both: the head group by
        its head columns alone. Otherwise each group is read on its own, the head group
        through the head columns only, so a few head matches far apart cost no more than
        reading those.
        """
        from django.db import connection

        ranking = rank_expression(query)
        sql = f"""
            SELECT search_searchentry.id, {SCORE_SQL}, {HEAD_SCORE_SQL}
            FROM search_fts
            JOIN search_searchentry ON search_searchentry.id = search_fts.rowid
            WHERE search_fts MATCH %s AND search_fts.rowid BETWEEN %s AND %s"""  # noqa: S608 (our own fragments; values are parameters)
        group_of = {pk: group for pk, _, group in rows}
        scores = {}
        with connection.cursor() as cursor:
            if group_of and max(group_of) - min(group_of) <= ONE_PASS_SPAN:
                passes = [(ranking, list(group_of))]
            else:
                # Body-only candidates match nothing in the head columns: the expression
                # alone scores them as the body-only branch would.
                passes = [
                    (expression, [pk for pk, group in group_of.items() if group == wanted])
                    for expression, wanted in (
                        (f"{{{HEAD_COLUMNS}}} : ({ranking})", 0),
                        (ranking, 1),
                    )
                ]
            for expression, ids in passes:
                if ids:
                    cursor.execute(sql, [expression, min(ids), max(ids)])
                    for pk, score, head_score in cursor.fetchall():
                        if pk in group_of:
                            scores[pk] = head_score if group_of[pk] == 0 else score
        return [(pk, scores.get(pk, 0.0), group) for pk, _, group in rows]

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
