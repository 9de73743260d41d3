"""The database engine for the database in use: what answers without Elasticsearch, and what
Elasticsearch falls back to when its cluster cannot answer."""

from functools import cache

from django.db import connection


@cache
def database_engine():
    from search.engines.database import DatabaseEngine

    if connection.vendor == "postgresql":
        from search.engines.postgres import PostgresBackend

        return DatabaseEngine(PostgresBackend())
    from search.engines.sqlite import SqliteBackend

    return DatabaseEngine(SqliteBackend())
