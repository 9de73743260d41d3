"""The one place that decides which engine answers: callers never look at backends."""

from django.conf import settings

from search.engines.vendor import database_engine


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
