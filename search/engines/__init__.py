"""The one place that decides which engine answers: callers never look at backends."""

from functools import cache

from django.conf import settings
from django.db import connection


@cache
def database_engine():
    from search.engines.database import DatabaseEngine

    if connection.vendor == "postgresql":
        from search.engines.postgres import PostgresBackend

        return DatabaseEngine(PostgresBackend())
    from search.engines.sqlite import SqliteBackend

    return DatabaseEngine(SqliteBackend())


def get_engine():
    """Elasticsearch when ``ELASTICSEARCH_URL`` is set (falling back itself), else the database."""
    if settings.ELASTICSEARCH_URL:
        from search.engines.elastic import elastic_engine

        return elastic_engine()
    return database_engine()


def external_index():
    """The index to mirror entry writes into, if any (the database projection is the truth)."""
    if settings.ELASTICSEARCH_URL:
        from search.engines.elastic import elastic_engine

        return elastic_engine()
    return None
