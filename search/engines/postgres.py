"""PostgreSQL: weighted tsvector columns written from the entry, with GIN indexes.

``search_head`` (title A, tags B, summary C) and ``search_vector`` (the head and the body, D)
were generated columns (migration 0002) and are written by a trigger since 0008, which skips
them when the text has not changed. Long values live out of the row (0007), and each row
carries its tag and group ids (0008), so matching, the audience filter and facets read only
narrow rows. Ranking reads the vector of every row it ranks, so matches are cut to a
candidate set first, picked cheaply: head matches, then the newest.
"""

import math

from search.engines.base import RECENCY, fold_words_matched, order_candidates, reorders_groups
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

# Migration 0005: suggestions walk a narrow side table of title words (kept in step by
# triggers, like SQLite's FTS tables), not the wide entry rows with their body text.
TITLE_WORDS_SQL = [
    """CREATE TABLE search_title_words (
        entry_id bigint PRIMARY KEY, title_words tsvector NOT NULL)""",
    "CREATE INDEX search_title_words_gin ON search_title_words USING gin (title_words)",
    """CREATE FUNCTION search_title_words_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM search_title_words WHERE entry_id = OLD.id;
        ELSE
            INSERT INTO search_title_words (entry_id, title_words)
            VALUES (NEW.id, to_tsvector('simple'::regconfig, coalesce(NEW.title, '')))
            ON CONFLICT (entry_id) DO UPDATE SET title_words = EXCLUDED.title_words;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER search_title_words_row
        AFTER INSERT OR DELETE OR UPDATE OF title ON search_searchentry
        FOR EACH ROW EXECUTE FUNCTION search_title_words_sync()""",
    """CREATE FUNCTION search_title_words_clear() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE search_title_words;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER search_title_words_truncate AFTER TRUNCATE ON search_searchentry
        FOR EACH STATEMENT EXECUTE FUNCTION search_title_words_clear()""",
    """INSERT INTO search_title_words (entry_id, title_words)
        SELECT id, to_tsvector('simple'::regconfig, coalesce(title, ''))
        FROM search_searchentry""",
    "DROP INDEX IF EXISTS search_entry_title_prefix",
]

TITLE_WORDS_DROP_SQL = [
    "CREATE INDEX IF NOT EXISTS search_entry_title_prefix ON search_searchentry "
    "USING gin (to_tsvector('simple'::regconfig, title))",
    "DROP TRIGGER IF EXISTS search_title_words_truncate ON search_searchentry",
    "DROP TRIGGER IF EXISTS search_title_words_row ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_title_words_clear()",
    "DROP FUNCTION IF EXISTS search_title_words_sync()",
    "DROP TABLE IF EXISTS search_title_words",
]

# Migration 0006: GIN's "fast update" queues new entries in a pending list that every search
# then scans linearly (300 re-projected entries cost a rare-word search 6 ms). Search reads far
# more often than entries change, so entries go straight into the indexes.
GIN_INDEXES = ("search_entry_vector_gin", "search_entry_head_gin", "search_title_words_gin")
NO_FAST_UPDATE_SQL = [
    *(f"ALTER INDEX {name} SET (fastupdate = off)" for name in GIN_INDEXES),
    *(f"SELECT gin_clean_pending_list('{name}'::regclass)" for name in GIN_INDEXES),
]
FAST_UPDATE_SQL = [f"ALTER INDEX {name} RESET (fastupdate)" for name in GIN_INDEXES]

# Migration 0007: narrow rows. A GIN match is checked against the row it points to, so every
# one of 14,000 matches for a common word visits a heap page of this table. PostgreSQL moves
# long values out of a row only once the row exceeds 2 kB, and then only until it is back
# under ``toast_tuple_target``: at the default (2 kB) the body or the vectors stayed inline
# and a row filled a quarter of a page. At 128, every row over 2 kB keeps only pointers for
# its long text (rows shrink ~3.5 times), so the match -> audience -> facet path reads a
# few thousand pages that stay in shared buffers. The short columns the audience filter and
# facets read are kept PLAIN (never moved out: reading them must not cost a TOAST fetch);
# an ALTER COLUMN ... TYPE resets that, so re-run these statements after one.
PLAIN_COLUMNS = ("kind", "audience", "organisation", "title", "url")
NARROW_ROWS_SQL = [
    "ALTER TABLE search_searchentry SET (toast_tuple_target = 128)",
    *(
        f"ALTER TABLE search_searchentry ALTER COLUMN {name} SET STORAGE PLAIN"
        for name in PLAIN_COLUMNS
    ),
    # Rewrites existing rows in the new layout (new and updated rows get it anyway).
    "VACUUM FULL search_searchentry",
    # Statistics, and the visibility map that lets lookups read only the covering index.
    "VACUUM ANALYZE search_searchentry",
]
WIDE_ROWS_SQL = [
    "ALTER TABLE search_searchentry RESET (toast_tuple_target)",
    *(
        f"ALTER TABLE search_searchentry ALTER COLUMN {name} SET STORAGE EXTENDED"
        for name in PLAIN_COLUMNS
    ),
]

# Migration 0008: each entry's tag and group ids kept on its row, so facets count tags from
# the matches themselves (joining 14,000 matches to their taggings cost more than the match)
# and the audience filter tests groups without a subquery. Triggers on the two relations keep
# the arrays exact in the same transaction: the audience filter depends on ``group_ids``.
# Updating a row used to recompute both stored generated vectors whatever changed; the
# vectors are now written by a trigger that recomputes them only when the text changes, so
# re-projecting an unchanged entry or changing its tags does not re-parse its body.
_NEW_HEAD = _HEAD.replace("coalesce(", "coalesce(NEW.")
_NEW_BODY = _BODY.replace("coalesce(", "coalesce(NEW.")
ROW_ARRAYS = (
    ("tag_ids", "search_searchentry_tags", "tag_id"),
    ("group_ids", "search_searchentry_groups", "group_id"),
)


def _array_sync_sql(column, relation, id_column):
    refill = f"""UPDATE search_searchentry AS entry SET {column} = ARRAY(
                SELECT link.{id_column} FROM {relation} AS link
                WHERE link.searchentry_id = entry.id ORDER BY link.{id_column})"""  # noqa: S608 (our own names)
    return [
        f"ALTER TABLE search_searchentry ADD COLUMN {column} integer[] NOT NULL DEFAULT '{{}}'",
        # Kept in the row whatever toast_tuple_target says: every match reads it.
        f"ALTER TABLE search_searchentry ALTER COLUMN {column} SET STORAGE PLAIN",
        f"{refill} WHERE entry.id IN (SELECT searchentry_id FROM {relation})",  # noqa: S608
        f"""CREATE FUNCTION search_entry_{column}_sync() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            {refill}
            WHERE entry.id IN (SELECT searchentry_id FROM changed);
            RETURN NULL;
        END $$""",  # noqa: S608
        f"""CREATE FUNCTION search_entry_{column}_moved() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            {refill}
            WHERE entry.id IN (SELECT searchentry_id FROM changed
                               UNION SELECT searchentry_id FROM previous);
            RETURN NULL;
        END $$""",  # noqa: S608
        f"""CREATE FUNCTION search_entry_{column}_clear() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE search_searchentry SET {column} = '{{}}' WHERE {column} <> '{{}}';
            RETURN NULL;
        END $$""",  # noqa: S608
        f"""CREATE TRIGGER search_entry_{column}_insert AFTER INSERT ON {relation}
            REFERENCING NEW TABLE AS changed
            FOR EACH STATEMENT EXECUTE FUNCTION search_entry_{column}_sync()""",
        f"""CREATE TRIGGER search_entry_{column}_delete AFTER DELETE ON {relation}
            REFERENCING OLD TABLE AS changed
            FOR EACH STATEMENT EXECUTE FUNCTION search_entry_{column}_sync()""",
        f"""CREATE TRIGGER search_entry_{column}_update AFTER UPDATE ON {relation}
            REFERENCING OLD TABLE AS previous NEW TABLE AS changed
            FOR EACH STATEMENT EXECUTE FUNCTION search_entry_{column}_moved()""",
        f"""CREATE TRIGGER search_entry_{column}_truncate AFTER TRUNCATE ON {relation}
            FOR EACH STATEMENT EXECUTE FUNCTION search_entry_{column}_clear()""",
    ]


ROW_ARRAYS_SQL = [
    "ALTER TABLE search_searchentry ALTER COLUMN search_head DROP EXPRESSION",
    "ALTER TABLE search_searchentry ALTER COLUMN search_vector DROP EXPRESSION",
    f"""CREATE FUNCTION search_entry_vectors() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT'
            OR NEW.title IS DISTINCT FROM OLD.title
            OR NEW.tags_text IS DISTINCT FROM OLD.tags_text
            OR NEW.summary IS DISTINCT FROM OLD.summary
            OR NEW.body IS DISTINCT FROM OLD.body THEN
            NEW.search_head := {_NEW_HEAD};
            NEW.search_vector := NEW.search_head || {_NEW_BODY};
        ELSE
            NEW.search_head := OLD.search_head;
            NEW.search_vector := OLD.search_vector;
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER search_entry_vectors BEFORE INSERT OR UPDATE ON search_searchentry
        FOR EACH ROW EXECUTE FUNCTION search_entry_vectors()""",
    *(statement for array in ROW_ARRAYS for statement in _array_sync_sql(*array)),
    # The refills above left a dead version of most rows: rewrite, then statistics.
    "VACUUM FULL search_searchentry",
    "VACUUM ANALYZE search_searchentry",
]
ROW_ARRAYS_DROP_SQL = [
    *(
        statement
        for column, relation, _ in ROW_ARRAYS
        for statement in (
            *(
                f"DROP TRIGGER IF EXISTS search_entry_{column}_{event} ON {relation}"
                for event in ("insert", "delete", "update", "truncate")
            ),
            *(
                f"DROP FUNCTION IF EXISTS search_entry_{column}_{name}()"
                for name in ("sync", "moved", "clear")
            ),
            f"ALTER TABLE search_searchentry DROP COLUMN IF EXISTS {column}",
        )
    ),
    "DROP TRIGGER IF EXISTS search_entry_vectors ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_entry_vectors()",
    # Back to generated columns (their indexes go with the old columns).
    "ALTER TABLE search_searchentry DROP COLUMN search_vector",
    "ALTER TABLE search_searchentry DROP COLUMN search_head",
    *CREATE_SQL[:4],
    *(f"ALTER INDEX {name} SET (fastupdate = off)" for name in GIN_INDEXES[:2]),
]

# Migration 0010: a token that changes whenever anything a facet count or the audience filter
# reads changes (search.engines.snapshot); text changes leave it alone. The triggers are
# deferred to commit, so the token row is the last lock any transaction takes: taken while
# other rows were still to be changed, it could deadlock two writers. Once per transaction
# is enough, since the token only has to differ once the change is visible.
_FACET_COLUMNS = ("audience", "kind", "organisation", "year")
_TOKEN_TABLES = ("search_searchentry", "search_searchentry_tags", "search_searchentry_groups")


def _token_trigger(name, table, events, when=""):
    return (
        f"CREATE CONSTRAINT TRIGGER {name} AFTER {events} ON {table} "
        f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW {when} "
        "EXECUTE FUNCTION search_facet_token_new()"
    )


TOKEN_SQL = [
    "CREATE TABLE search_facet_token (id integer PRIMARY KEY CHECK (id = 1), token text NOT NULL)",
    "INSERT INTO search_facet_token (id, token) VALUES (1, gen_random_uuid()::text)",
    """CREATE FUNCTION search_facet_token_new() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF current_setting('search.token_renewed', true) IS DISTINCT FROM
                pg_current_xact_id()::text THEN
            INSERT INTO search_facet_token (id, token) VALUES (1, gen_random_uuid()::text)
            ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token;
            PERFORM set_config('search.token_renewed', pg_current_xact_id()::text, true);
        END IF;
        RETURN NULL;
    END $$""",
    _token_trigger("search_token_entry_change", "search_searchentry", "INSERT OR DELETE"),
    _token_trigger(
        "search_token_entry_update",
        "search_searchentry",
        f"UPDATE OF {', '.join(_FACET_COLUMNS)}",
        "WHEN (" + " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in _FACET_COLUMNS) + ")",
    ),
    *(
        _token_trigger(
            f"search_token_{table}_change",
            f"search_searchentry_{table}",
            "INSERT OR DELETE OR UPDATE",
        )
        for table in ("tags", "groups")
    ),  # fmt: skip
    _token_trigger(
        "search_token_tag_update",
        "taggit_tag",
        "UPDATE OF name, slug",
        "WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.slug IS DISTINCT FROM NEW.slug)",
    ),
    # TRUNCATE has no row triggers: a statement trigger, at once.
    *(
        f"CREATE TRIGGER search_token_{table}_truncate AFTER TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION search_facet_token_new()"
        for table in _TOKEN_TABLES
    ),
]
TOKEN_DROP_SQL = [
    *(
        f"DROP TRIGGER IF EXISTS {name} ON {table}"
        for name, table in (
            ("search_token_entry_change", "search_searchentry"),
            ("search_token_entry_update", "search_searchentry"),
            ("search_token_tags_change", "search_searchentry_tags"),
            ("search_token_groups_change", "search_searchentry_groups"),
            ("search_token_tag_update", "taggit_tag"),
            *((f"search_token_{table}_truncate", table) for table in _TOKEN_TABLES),
        )
    ),
    "DROP FUNCTION IF EXISTS search_facet_token_new()",
    "DROP TABLE IF EXISTS search_facet_token",
]

# Migration 0011: the ids search counts over (search.engines.snapshot) come from a table of
# the id and a copy of the vector alone, with its own GIN index. Every match is checked against
# the row the index points to: here a row is ~60 bytes (the vector lives out of line), so a
# common word's 14,000 matches read ~1,400 pages instead of the entry table's ~6,800, and the
# server's CPU for the ids fell from ~21 to ~8 ms. The copy costs disk (the compressed vectors
# again, ~1.5 kB per entry) and a row write whenever an entry's text changes.
MATCH_TABLE_SQL = [
    """CREATE TABLE search_match (id bigint PRIMARY KEY, words tsvector NOT NULL)
        WITH (toast_tuple_target = 128)""",
    """CREATE FUNCTION search_match_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM search_match WHERE id = OLD.id;
        ELSE
            INSERT INTO search_match (id, words) VALUES (NEW.id, NEW.search_vector)
            ON CONFLICT (id) DO UPDATE SET words = EXCLUDED.words;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION search_match_clear() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE search_match;
        RETURN NULL;
    END $$""",
    # After search_entry_vectors (a BEFORE trigger) has written the row's vector.
    """CREATE TRIGGER search_match_row AFTER INSERT OR DELETE ON search_searchentry
        FOR EACH ROW EXECUTE FUNCTION search_match_sync()""",
    """CREATE TRIGGER search_match_text AFTER UPDATE ON search_searchentry
        FOR EACH ROW WHEN (OLD.search_vector IS DISTINCT FROM NEW.search_vector)
        EXECUTE FUNCTION search_match_sync()""",
    """CREATE TRIGGER search_match_truncate AFTER TRUNCATE ON search_searchentry
        FOR EACH STATEMENT EXECUTE FUNCTION search_match_clear()""",
    # The matching ids as one comma-separated text, planned without sequential scans (a scan
    # would de-TOAST every vector, see PostgresBackend._fetch) and without JIT. A STABLE
    # function reads the calling statement's snapshot, so the ids and the facet token read
    # beside them agree; the settings apply to this function only.
    """CREATE FUNCTION search_match_ids(query tsquery) RETURNS text
        LANGUAGE sql STABLE SET enable_seqscan = off SET jit = off AS $$
        SELECT string_agg(id::text, ',') FROM search_match WHERE words @@ query
    $$""",
    "INSERT INTO search_match (id, words) SELECT id, search_vector FROM search_searchentry",
    "CREATE INDEX search_match_gin ON search_match USING gin (words) WITH (fastupdate = off)",
    # Statistics, and the visibility map for the primary key.
    "VACUUM ANALYZE search_match",
]
MATCH_TABLE_DROP_SQL = [
    "DROP TRIGGER IF EXISTS search_match_truncate ON search_searchentry",
    "DROP TRIGGER IF EXISTS search_match_text ON search_searchentry",
    "DROP TRIGGER IF EXISTS search_match_row ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_match_ids(tsquery)",
    "DROP FUNCTION IF EXISTS search_match_clear()",
    "DROP FUNCTION IF EXISTS search_match_sync()",
    "DROP TABLE IF EXISTS search_match",
]

DROP_SQL = [
    "DROP INDEX IF EXISTS search_entry_title_prefix",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_head",
]


def term_tsquery(term, *, exact=False) -> tuple[str, list]:
    """Any of the term's alternatives as phrases; for a quoted phrase, also all its words
    anywhere (unless ``exact``)."""
    alternatives = ["phraseto_tsquery('english'::regconfig, %s)"] * len(term.alternatives)
    params = [" ".join(alt) for alt in term.alternatives]
    if term.loose and not exact:
        alternatives.append("plainto_tsquery('english'::regconfig, %s)")
        params.append(" ".join(term.loose))
    return "(" + " || ".join(alternatives) + ")", params


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

    def facet_rows(self, matches) -> list[tuple]:
        """Facet counts in one pass over the matches (an ORM queryset on SearchEntry: each
        visible match's id, kind, organisation, year and tag ids, migration 0008's ``tag_ids``).

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

    def audience_condition(self, viewer) -> tuple[str, list]:
        """``hub.accounts.access.audience_q``'s rule, testing groups on the row's ``group_ids``.

        The same rule (public; members if approved; group entries for a superuser or a member
        of one of their groups), without the ``pk IN (entries of these groups)`` subquery.
        """
        from hub.accounts.access import Audience

        audiences = [Audience.PUBLIC]
        if viewer.is_approved:
            audiences.append(Audience.MEMBERS)
            if viewer.is_superuser:
                audiences.append(Audience.GROUPS)
        sql = "{table}.audience IN (" + ", ".join(["%s"] * len(audiences)) + ")"
        params = [str(audience) for audience in audiences]
        if viewer.is_approved and not viewer.is_superuser and viewer.group_ids:
            sql = f"({sql} OR ({{table}}.audience = %s AND {{table}}.group_ids && %s::integer[]))"
            params += [str(Audience.GROUPS), sorted(viewer.group_ids)]
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

    def match_ids(self, query, mode):
        """The ids of every entry matching (whoever may see it), from the narrow match table
        (migration 0011, through ``search_match_ids``), and the facet token read in the same
        statement, so from the same snapshot (``search.engines.snapshot``)."""
        from django.db import connection

        from search.engines.snapshot import ids_from_text

        words, params = tsquery(query, mode)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT (SELECT token FROM search_facet_token WHERE id = 1), "  # noqa: S608 (our own SQL; words are parameters)
                f"search_match_ids({words})",
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
        strength = None if matched is None else {pk: (n,) for pk, n in matched.items()}
        if any(term.loose for term in query.terms):
            # A quoted phrase found as typed ranks above its words found apart.
            exact = self.phrases_matched(query, [row[0] for row in rows])
            strength = {pk: (*(strength or {}).get(pk, ()), exact.get(pk, 0)) for pk, _, _ in rows}
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
