"""Full-text structures for the database engine, in the dialect of the database in use.

The SQL is frozen here: a later change to the schema is a new migration, never an edit of this
one. Where a statement fills a structure from the entries, it is for a re-application over
existing entries (``migrate search 0001`` then ``migrate``); 0001 creates the table empty.
"""

from django.db import migrations


class VendorSQL(migrations.RunSQL):
    """``RunSQL`` that runs on one database vendor only and does nothing on the others."""

    def __init__(self, vendor, sql, reverse_sql, **kwargs):
        super().__init__(sql, reverse_sql, **kwargs)
        self.vendor = vendor

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, args, {"vendor": self.vendor, **kwargs}

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"Raw SQL operation on {self.vendor}"


# --- PostgreSQL -------------------------------------------------------------------------------
#
# Weighted ``tsvector`` columns on the entry table (``search_head``: title A, tags B, summary C;
# ``search_vector``: the head and the body, D) with GIN indexes, narrow side tables for
# suggestions and for matching, and the triggers that keep them all in step.

_HEAD = (
    "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(tags_text, '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'C')"
)
_BODY = "setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'D')"
_NEW_HEAD = _HEAD.replace("coalesce(", "coalesce(NEW.")
_NEW_BODY = _BODY.replace("coalesce(", "coalesce(NEW.")

# Narrow rows. A GIN match is checked against the row it points to, so every one of 14,000
# matches for a common word visits a heap page of this table. PostgreSQL moves long values out
# of a row only once the row exceeds 2 kB, and then only until it is back under
# ``toast_tuple_target``: at the default (2 kB) the body or the vectors stayed inline and a row
# filled a quarter of a page. At 128, every row over 2 kB keeps only pointers for its long text
# (rows shrink ~3.5 times), so the match -> audience -> facet path reads a few thousand pages
# that stay in shared buffers. The short columns the audience filter and facets read are kept
# PLAIN (never moved out: reading them must not cost a TOAST fetch); an ALTER COLUMN ... TYPE
# resets that, so a migration that runs one sets PLAIN again. Existing rows take the layout
# when rewritten (VACUUM FULL search_searchentry), new and updated rows at once.
_PLAIN_COLUMNS = ("kind", "audience", "organisation", "title", "url")

# Each entry's tag and group ids kept on its row, so facets count tags from the matches
# themselves (joining 14,000 matches to their taggings cost more than the match) and the
# audience filter tests groups without a subquery. Triggers on the two relations keep the
# arrays exact in the same transaction: the audience filter depends on ``group_ids``.
_ROW_ARRAYS = (
    ("tag_ids", "search_searchentry_tags", "tag_id"),
    ("group_ids", "search_searchentry_groups", "group_id"),
)

POSTGRES_COLUMNS = [
    "ALTER TABLE search_searchentry ADD COLUMN search_head tsvector",
    "ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector",
    "ALTER TABLE search_searchentry SET (toast_tuple_target = 128)",
    *(
        f"ALTER TABLE search_searchentry ALTER COLUMN {name} SET STORAGE PLAIN"
        for name in _PLAIN_COLUMNS
    ),
    *(
        statement
        for column, _, _ in _ROW_ARRAYS
        for statement in (
            f"ALTER TABLE search_searchentry ADD COLUMN {column} integer[] NOT NULL DEFAULT '{{}}'",
            # Kept in the row whatever toast_tuple_target says: every match reads it.
            f"ALTER TABLE search_searchentry ALTER COLUMN {column} SET STORAGE PLAIN",
        )
    ),
]
POSTGRES_COLUMNS_DROP = [
    # The vectors' indexes go with their columns.
    *(
        f"ALTER TABLE search_searchentry DROP COLUMN IF EXISTS {column}"
        for column in ("group_ids", "tag_ids", "search_vector", "search_head")
    ),
    "ALTER TABLE search_searchentry RESET (toast_tuple_target)",
    *(
        f"ALTER TABLE search_searchentry ALTER COLUMN {name} SET STORAGE EXTENDED"
        for name in _PLAIN_COLUMNS
    ),
]


def _ids(relation, id_column):
    return f"""ARRAY(
                SELECT link.{id_column} FROM {relation} AS link
                WHERE link.searchentry_id = entry.id ORDER BY link.{id_column})"""


# Entries that exist already, in one statement and before any trigger: a second update of a row
# in this transaction would queue a deferred foreign-key check, and PostgreSQL refuses to alter
# a table with pending trigger events.
POSTGRES_FILL = [
    f"UPDATE search_searchentry AS entry SET search_head = {_HEAD}, "
    f"search_vector = {_HEAD} || {_BODY}, "
    + ", ".join(
        f"{column} = {_ids(relation, id_column)}" for column, relation, id_column in _ROW_ARRAYS
    )
]

# The vectors are written by a trigger that recomputes them only when the text changes, so
# re-projecting an unchanged entry or changing its tags does not re-parse its body. GIN's "fast
# update" queues new entries in a pending list that every search then scans linearly (300
# re-projected entries cost a rare-word search 6 ms): search reads far more often than entries
# change, so entries go straight into the indexes.
POSTGRES_VECTORS = [
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
    "CREATE INDEX search_entry_head_gin ON search_searchentry USING gin (search_head) "
    "WITH (fastupdate = off)",
    "CREATE INDEX search_entry_vector_gin ON search_searchentry USING gin (search_vector) "
    "WITH (fastupdate = off)",
]
POSTGRES_VECTORS_DROP = [
    "DROP TRIGGER IF EXISTS search_entry_vectors ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_entry_vectors()",
]


def _array_sync_sql(column, relation, id_column):
    refill = f"UPDATE search_searchentry AS entry SET {column} = {_ids(relation, id_column)}"
    return [
        f"""CREATE FUNCTION search_entry_{column}_sync() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            {refill}
            WHERE entry.id IN (SELECT searchentry_id FROM changed);
            RETURN NULL;
        END $$""",
        f"""CREATE FUNCTION search_entry_{column}_moved() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            {refill}
            WHERE entry.id IN (SELECT searchentry_id FROM changed
                               UNION SELECT searchentry_id FROM previous);
            RETURN NULL;
        END $$""",
        f"""CREATE FUNCTION search_entry_{column}_clear() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE search_searchentry SET {column} = '{{}}' WHERE {column} <> '{{}}';
            RETURN NULL;
        END $$""",
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


POSTGRES_ROW_ARRAYS = [statement for array in _ROW_ARRAYS for statement in _array_sync_sql(*array)]
POSTGRES_ROW_ARRAYS_DROP = [
    statement
    for column, relation, _ in _ROW_ARRAYS
    for statement in (
        *(
            f"DROP TRIGGER IF EXISTS search_entry_{column}_{event} ON {relation}"
            for event in ("insert", "delete", "update", "truncate")
        ),
        *(
            f"DROP FUNCTION IF EXISTS search_entry_{column}_{name}()"
            for name in ("sync", "moved", "clear")
        ),
    )
]

# Suggestions walk a narrow side table of title words (kept in step by triggers, like SQLite's
# FTS tables), not the wide entry rows with their body text.
POSTGRES_TITLE_WORDS = [
    """CREATE TABLE search_title_words (
        entry_id bigint PRIMARY KEY, title_words tsvector NOT NULL)""",
    "CREATE INDEX search_title_words_gin ON search_title_words USING gin (title_words) "
    "WITH (fastupdate = off)",
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
]
POSTGRES_TITLE_WORDS_DROP = [
    "DROP TRIGGER IF EXISTS search_title_words_truncate ON search_searchentry",
    "DROP TRIGGER IF EXISTS search_title_words_row ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_title_words_clear()",
    "DROP FUNCTION IF EXISTS search_title_words_sync()",
    "DROP TABLE IF EXISTS search_title_words",
]

# A token that changes whenever anything a facet count or the audience filter reads changes
# (search.engines.snapshot); text changes leave it alone. The triggers are deferred to commit,
# so the token row is the last lock any transaction takes: taken while other rows were still to
# be changed, it could deadlock two writers. Once per transaction is enough, since the token
# only has to differ once the change is visible.
_FACET_COLUMNS = ("audience", "kind", "organisation", "year")
_TOKEN_TABLES = ("search_searchentry", "search_searchentry_tags", "search_searchentry_groups")


def _token_trigger(name, table, events, when=""):
    return (
        f"CREATE CONSTRAINT TRIGGER {name} AFTER {events} ON {table} "
        f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW {when} "
        "EXECUTE FUNCTION search_facet_token_new()"
    )


POSTGRES_TOKEN = [
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
    ),
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
POSTGRES_TOKEN_DROP = [
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

# The ids search counts over (search.engines.snapshot) come from a table of the id and a copy
# of the vector alone, with its own GIN index. Every match is checked against the row the index
# points to: here a row is ~60 bytes (the vector lives out of line), so a common word's 14,000
# matches read ~1,400 pages instead of the entry table's ~6,800, and the server's CPU for the
# ids fell from ~21 to ~8 ms. The copy costs disk (the vectors again, which do not compress:
# ~2.9 kB per entry) and a row write whenever an entry's text changes.
POSTGRES_MATCH_TABLE = [
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
    "ANALYZE search_match",
]
POSTGRES_MATCH_TABLE_DROP = [
    "DROP TRIGGER IF EXISTS search_match_truncate ON search_searchentry",
    "DROP TRIGGER IF EXISTS search_match_text ON search_searchentry",
    "DROP TRIGGER IF EXISTS search_match_row ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_match_ids(tsquery)",
    "DROP FUNCTION IF EXISTS search_match_clear()",
    "DROP FUNCTION IF EXISTS search_match_sync()",
    "DROP TABLE IF EXISTS search_match",
]

POSTGRES_SQL = [
    *POSTGRES_COLUMNS,
    *POSTGRES_FILL,
    *POSTGRES_VECTORS,
    *POSTGRES_ROW_ARRAYS,
    *POSTGRES_TITLE_WORDS,
    *POSTGRES_TOKEN,
    *POSTGRES_MATCH_TABLE,
]
POSTGRES_DROP_SQL = [
    *POSTGRES_MATCH_TABLE_DROP,
    *POSTGRES_TOKEN_DROP,
    *POSTGRES_TITLE_WORDS_DROP,
    *POSTGRES_ROW_ARRAYS_DROP,
    *POSTGRES_VECTORS_DROP,
    *POSTGRES_COLUMNS_DROP,
]


# --- SQLite -----------------------------------------------------------------------------------
#
# An external-content FTS5 table (porter stemming) and a title table for suggestions, a narrow
# facet table, and the facet token, all kept in step by triggers.

SQLITE_FTS = [
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
    # Entries that exist already.
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    "INSERT INTO search_title_fts(search_title_fts) VALUES ('rebuild')",
]
SQLITE_FTS_DROP = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_title_fts",
    "DROP TABLE IF EXISTS search_fts",
]

# What facets count, in one narrow row per entry. Counting facets over 14,000 matches was
# mostly sorting three text columns and a second lookup per match for its tags; here each match
# is one rowid lookup that yields two small integers: its combination of kind, organisation and
# year (``search_facet_combo``) and its set of tags (``search_facet_tagset``, tag ids joined by
# commas). Both dictionaries only grow; a value nobody holds any more is never counted, because
# counts come from the matching entries. The row also repeats the columns search filters on
# (audience, kind, organisation, year), so the engine's own WHERE (the audience filter and facet
# choices) applies to it unchanged.
SQLITE_FACETS = [
    """CREATE TABLE search_facet_combo (
        id INTEGER PRIMARY KEY, kind TEXT NOT NULL, organisation TEXT NOT NULL,
        year INTEGER NOT NULL, UNIQUE (kind, organisation, year))""",
    "CREATE TABLE search_facet_tagset (id INTEGER PRIMARY KEY, tag_ids TEXT NOT NULL UNIQUE)",
    """CREATE TABLE search_facet (
        id INTEGER PRIMARY KEY, audience TEXT NOT NULL, kind TEXT NOT NULL,
        organisation TEXT NOT NULL, year INTEGER, combo INTEGER NOT NULL, tagset INTEGER)""",
    """CREATE TRIGGER search_facet_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT OR IGNORE INTO search_facet_combo (kind, organisation, year)
        VALUES (new.kind, new.organisation, coalesce(new.year, 0));
        INSERT OR REPLACE INTO search_facet (id, audience, kind, organisation, year, combo, tagset)
        VALUES (new.id, new.audience, new.kind, new.organisation, new.year, (
            SELECT id FROM search_facet_combo WHERE kind = new.kind
            AND organisation = new.organisation AND year = coalesce(new.year, 0)), NULL);
    END""",
    """CREATE TRIGGER search_facet_update
    AFTER UPDATE OF audience, kind, organisation, year ON search_searchentry BEGIN
        INSERT OR IGNORE INTO search_facet_combo (kind, organisation, year)
        VALUES (new.kind, new.organisation, coalesce(new.year, 0));
        UPDATE search_facet SET audience = new.audience, kind = new.kind,
            organisation = new.organisation, year = new.year, combo = (
                SELECT id FROM search_facet_combo WHERE kind = new.kind
                AND organisation = new.organisation AND year = coalesce(new.year, 0))
        WHERE id = new.id;
    END""",
    """CREATE TRIGGER search_facet_delete AFTER DELETE ON search_searchentry BEGIN
        DELETE FROM search_facet WHERE id = old.id;
    END""",
    *(
        f"""CREATE TRIGGER search_facet_tags_{event.lower()} AFTER {event}
        ON search_searchentry_tags BEGIN
            INSERT OR IGNORE INTO search_facet_tagset (tag_ids)
            SELECT group_concat(tag_id) FROM (
                SELECT tag_id FROM search_searchentry_tags
                WHERE searchentry_id = {row}.searchentry_id ORDER BY tag_id)
            HAVING count(*) > 0;
            UPDATE search_facet SET tagset = (
                SELECT id FROM search_facet_tagset WHERE tag_ids = (
                    SELECT group_concat(tag_id) FROM (
                        SELECT tag_id FROM search_searchentry_tags
                        WHERE searchentry_id = {row}.searchentry_id ORDER BY tag_id)))
            WHERE id = {row}.searchentry_id;
        END"""
        for event, row in (("INSERT", "new"), ("DELETE", "old"))
    ),
    # Entries that exist already.
    """INSERT OR IGNORE INTO search_facet_combo (kind, organisation, year)
        SELECT DISTINCT kind, organisation, coalesce(year, 0) FROM search_searchentry""",
    """INSERT INTO search_facet (id, audience, kind, organisation, year, combo)
        SELECT e.id, e.audience, e.kind, e.organisation, e.year, c.id
        FROM search_searchentry AS e JOIN search_facet_combo AS c ON c.kind = e.kind
        AND c.organisation = e.organisation AND c.year = coalesce(e.year, 0)""",
    """INSERT OR IGNORE INTO search_facet_tagset (tag_ids)
        SELECT group_concat(tag_id) FROM (
            SELECT searchentry_id, tag_id FROM search_searchentry_tags
            ORDER BY searchentry_id, tag_id)
        GROUP BY searchentry_id""",
    """UPDATE search_facet SET tagset = (
        SELECT id FROM search_facet_tagset WHERE tag_ids = (
            SELECT group_concat(tag_id) FROM (
                SELECT tag_id FROM search_searchentry_tags
                WHERE searchentry_id = search_facet.id ORDER BY tag_id)))""",
    "ANALYZE search_facet",
]
SQLITE_FACETS_DROP = [
    "DROP TRIGGER IF EXISTS search_facet_tags_delete",
    "DROP TRIGGER IF EXISTS search_facet_tags_insert",
    "DROP TRIGGER IF EXISTS search_facet_delete",
    "DROP TRIGGER IF EXISTS search_facet_update",
    "DROP TRIGGER IF EXISTS search_facet_insert",
    "DROP TABLE IF EXISTS search_facet",
    "DROP TABLE IF EXISTS search_facet_tagset",
    "DROP TABLE IF EXISTS search_facet_combo",
]

# A token that changes, in the same transaction, whenever anything a facet count or the
# audience filter reads changes (search.engines.snapshot). Changes to an entry's text leave it
# alone: they do not move any count.
_NEW_TOKEN = """INSERT INTO search_facet_token (id, token) VALUES (1, lower(hex(randomblob(8))))
        ON CONFLICT (id) DO UPDATE SET token = excluded.token;"""
SQLITE_TOKEN = [
    "CREATE TABLE search_facet_token (id INTEGER PRIMARY KEY CHECK (id = 1), token TEXT NOT NULL)",
    _NEW_TOKEN.removesuffix(";"),
    *(
        f"CREATE TRIGGER search_token_entry_{event.lower()} AFTER {event} ON search_searchentry "
        f"BEGIN {_NEW_TOKEN} END"
        for event in ("INSERT", "DELETE")
    ),
    f"""CREATE TRIGGER search_token_entry_update
        AFTER UPDATE OF {", ".join(_FACET_COLUMNS)} ON search_searchentry
        WHEN {" OR ".join(f"old.{c} IS NOT new.{c}" for c in _FACET_COLUMNS)}
        BEGIN {_NEW_TOKEN} END""",
    *(
        f"CREATE TRIGGER search_token_{table}_{event.lower()} AFTER {event} "
        f"ON search_searchentry_{table} BEGIN {_NEW_TOKEN} END"
        for table in ("tags", "groups")
        for event in ("INSERT", "DELETE", "UPDATE")
    ),
    f"""CREATE TRIGGER search_token_tag_update AFTER UPDATE OF name, slug ON taggit_tag
        WHEN old.name IS NOT new.name OR old.slug IS NOT new.slug BEGIN {_NEW_TOKEN} END""",
]
SQLITE_TOKEN_DROP = [
    *(
        f"DROP TRIGGER IF EXISTS search_token_{table}_{event}"
        for table in ("entry", "tags", "groups")
        for event in ("insert", "delete", "update")
    ),
    "DROP TRIGGER IF EXISTS search_token_tag_update",
    "DROP TABLE IF EXISTS search_facet_token",
]

SQLITE_SQL = [*SQLITE_FTS, *SQLITE_FACETS, *SQLITE_TOKEN]
SQLITE_DROP_SQL = [*SQLITE_TOKEN_DROP, *SQLITE_FACETS_DROP, *SQLITE_FTS_DROP]


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        VendorSQL("postgresql", POSTGRES_SQL, POSTGRES_DROP_SQL),
        VendorSQL("sqlite", SQLITE_SQL, SQLITE_DROP_SQL),
    ]
