"""Database connections outlive a request: a new SQLite connection costs milliseconds (it parses
the whole schema on its first statement), so each thread keeps its own between requests."""

import threading

import pytest
from django.conf import settings
from django.core import signals
from django.db import connections

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="The per-connection cost measured here is SQLite's.",
)


@pytest.fixture
def file_alias(tmp_path, django_db_blocker):
    """A database on a file, configured as the site's is (the test database is in memory,
    and Django never closes those)."""
    alias = "persistent"
    config = {**settings.DATABASES["default"], "NAME": str(tmp_path / "site.sqlite3")}
    configured = connections.configure_settings({"default": {**config}, alias: config})
    connections.settings[alias] = configured[alias]
    with django_db_blocker.unblock():
        yield alias
        connections[alias].close()
    del connections.settings[alias]


def serve_request(alias):
    """What a request does to connections: Django closes old ones when it starts and ends."""
    signals.request_started.send(sender=None)
    with connections[alias].cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        cache_size = cursor.fetchone()[0]
    signals.request_finished.send(sender=None)
    return connections[alias].connection, cache_size


def test_the_site_keeps_connections_and_checks_them():
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_consecutive_requests_share_one_connection_set_up_once(file_alias):
    first, first_cache_size = serve_request(file_alias)
    second, second_cache_size = serve_request(file_alias)

    assert first is not None
    assert second is first
    # The init_command's PRAGMAs ran when it was opened and still hold.
    assert first_cache_size == second_cache_size == -32000


def test_each_thread_has_its_own_connection(file_alias, django_db_blocker):
    main_connection, _ = serve_request(file_alias)
    seen = []

    def other_thread():
        with django_db_blocker.unblock():
            seen.append(serve_request(file_alias)[0])
            connections[file_alias].close()

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()

    assert seen[0] is not None
    assert seen[0] is not main_connection
    assert serve_request(file_alias)[0] is main_connection
