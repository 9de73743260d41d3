"""Twenty writers at once on one SQLite file must all succeed: the settings make each
transaction take the write lock up front (IMMEDIATE) and wait up to 20 s for it, in WAL mode."""

import threading

import pytest
from django.conf import settings
from django.db import connections, transaction

WRITERS = 20
TRANSACTIONS_EACH = 10

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite's locking is what this tests; PostgreSQL has row locks.",
)


@pytest.fixture
def stress_alias(tmp_path, django_db_blocker):
    alias = "concurrency"
    config = {**settings.DATABASES["default"], "NAME": str(tmp_path / "stress.sqlite3")}
    configured = connections.configure_settings({"default": {**config}, alias: config})
    connections.settings[alias] = configured[alias]
    with django_db_blocker.unblock():
        with connections[alias].cursor() as cursor:
            cursor.execute("CREATE TABLE tally (id INTEGER PRIMARY KEY, writer INT, n INT)")
        yield alias
        connections[alias].close()
    del connections.settings[alias]


def test_twenty_concurrent_writers_lose_nothing(stress_alias, django_db_blocker):
    errors = []
    start = threading.Barrier(WRITERS)

    def writer(number):
        with django_db_blocker.unblock():
            try:
                start.wait()
                for _ in range(TRANSACTIONS_EACH):
                    # Read, then write, in one transaction: the pattern that deadlocks and
                    # fails with "database is locked" under SQLite's default DEFERRED mode.
                    with (
                        transaction.atomic(using=stress_alias),
                        connections[stress_alias].cursor() as cursor,
                    ):
                        cursor.execute(
                            "SELECT COALESCE(MAX(n), 0) FROM tally WHERE writer = %s",
                            [number],
                        )
                        (last,) = cursor.fetchone()
                        cursor.execute(
                            "INSERT INTO tally (writer, n) VALUES (%s, %s)", [number, last + 1]
                        )
            except Exception as error:  # noqa: BLE001 - every failure is the finding
                errors.append(repr(error))
            finally:
                connections[stress_alias].close()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    with connections[stress_alias].cursor() as cursor:
        cursor.execute("SELECT COUNT(*), COUNT(DISTINCT writer), MAX(n) FROM tally")
        assert cursor.fetchone() == (WRITERS * TRANSACTIONS_EACH, WRITERS, TRANSACTIONS_EACH)
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
