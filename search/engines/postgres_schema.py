"""PostgreSQL: what the migrations build for search (``search.engines.postgres`` reads it).

Weighted ``tsvector`` columns on the entry table (``search_head``: title A, tags B, summary C;
``search_vector``: the head and the body, D) with GIN indexes, and the side tables and
triggers later migrations added, each list named by the migration that runs it.
"""

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
# server's CPU for the ids fell from ~21 to ~8 ms. The copy costs disk (the vectors again,
# which do not compress: ~2.9 kB per entry) and a row write whenever an entry's text changes.
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
