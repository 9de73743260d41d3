"""SQLite: what the migrations build for search (``search.engines.sqlite`` reads it).

An external-content FTS5 table (porter stemming) and a title table for suggestions, kept in
step by triggers, and the side tables and triggers later migrations added, each list named by
the migration that runs it.
"""

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

# Migration 0009: what facets count, in one narrow row per entry. Counting facets over 14,000
# matches was mostly sorting three text columns and a second lookup per match for its tags;
# here each match is one rowid lookup that yields two small integers: its combination of
# kind, organisation and year (``search_facet_combo``) and its set of tags
# (``search_facet_tagset``, tag ids joined by commas). Both dictionaries only grow; a value
# nobody holds any more is never counted, because counts come from the matching entries.
# The row also repeats the columns search filters on (audience, kind, organisation, year), so
# the engine's own WHERE (the audience filter and facet choices) applies to it unchanged.
FACET_SQL = [
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
        END"""  # noqa: S608 (our own fixed SQL, no values)
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

FACET_DROP_SQL = [
    "DROP TRIGGER IF EXISTS search_facet_tags_delete",
    "DROP TRIGGER IF EXISTS search_facet_tags_insert",
    "DROP TRIGGER IF EXISTS search_facet_delete",
    "DROP TRIGGER IF EXISTS search_facet_update",
    "DROP TRIGGER IF EXISTS search_facet_insert",
    "DROP TABLE IF EXISTS search_facet",
    "DROP TABLE IF EXISTS search_facet_tagset",
    "DROP TABLE IF EXISTS search_facet_combo",
]

# Migration 0010: a token that changes, in the same transaction, whenever anything a facet
# count or the audience filter reads changes (search.engines.snapshot). Changes to an entry's
# text leave it alone: they do not move any count.
_NEW_TOKEN = """INSERT INTO search_facet_token (id, token) VALUES (1, lower(hex(randomblob(8))))
        ON CONFLICT (id) DO UPDATE SET token = excluded.token;"""  # noqa: S105 (not a password)
_FACET_COLUMNS = ("audience", "kind", "organisation", "year")
TOKEN_SQL = [
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
TOKEN_DROP_SQL = [
    *(
        f"DROP TRIGGER IF EXISTS search_token_{table}_{event}"
        for table in ("entry", "tags", "groups")
        for event in ("insert", "delete", "update")
    ),
    "DROP TRIGGER IF EXISTS search_token_tag_update",
    "DROP TABLE IF EXISTS search_facet_token",
]

DROP_SQL = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_title_fts",
    "DROP TABLE IF EXISTS search_fts",
]
