"""Counters every web process on the machine shares, kept in the database.

Rate limits and the like need one count across all processes that survives a restart. Without
Redis they live in a table of Django's database cache. Its own ``add`` and ``incr`` take several
statements each (a count of the table to decide on culling, a read, then a write inside
savepoints), and ``incr`` is a read then a write: two processes counting at once could both read
4 and both write 5. Here a whole number is kept as plain digits, and adding or counting it is one
statement the database does atomically (``INSERT … ON CONFLICT`` and ``UPDATE … RETURNING``, on
SQLite and PostgreSQL alike), so no count is lost and a limited request costs one or two queries.
Anything else stored here (never done by the hub) goes through the database cache unchanged.
"""

import re
from datetime import UTC, datetime

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router
from django.utils import timezone

_DIGITS = re.compile(r"-?\d+")


def _whole_number(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class CounterCache(DatabaseCache):
    def _db(self):
        db = router.db_for_write(self.cache_model_class)
        return db, connections[db]

    def _timestamp(self, connection, moment):
        return connection.ops.adapt_datetimefield_value(moment.replace(microsecond=0))

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        """Store a whole number unless the key holds an unexpired value; True if it stored."""
        expires = self.get_backend_timeout(timeout)  # seconds since the epoch, or None
        if not _whole_number(value) or expires is None:
            return super().add(key, value, timeout, version=version)
        key = self.make_and_validate_key(key, version=version)
        db, connection = self._db()
        table = connection.ops.quote_name(self._table)
        now = timezone.now()
        expires_at = datetime.fromtimestamp(expires, tz=UTC)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s)"  # noqa: S608
                f" ON CONFLICT (cache_key) DO UPDATE"
                f" SET value = excluded.value, expires = excluded.expires"
                f" WHERE {table}.expires < %s",
                [
                    key,
                    str(value),
                    self._timestamp(connection, expires_at),
                    self._timestamp(connection, now),
                ],
            )
            return cursor.rowcount == 1

    def delete_expired(self) -> int:
        """Take out counts whose window has passed (the task worker's sweep does, off the
        request path); how many went."""
        db, connection = self._db()
        table = connection.ops.quote_name(self._table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {table} WHERE expires < %s",  # noqa: S608 - table from settings
                [self._timestamp(connection, timezone.now())],
            )
            return cursor.rowcount

    def incr(self, key, delta=1, version=None):
        """Add ``delta`` to an unexpired whole number in one statement; ValueError if none."""
        made = self.make_and_validate_key(key, version=version)
        db, connection = self._db()
        table = connection.ops.quote_name(self._table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET value = CAST(CAST(value AS BIGINT) + %s AS TEXT)"  # noqa: S608
                f" WHERE cache_key = %s AND expires >= %s AND value NOT LIKE %s"
                f" RETURNING value",
                [int(delta), made, self._timestamp(connection, timezone.now()), "g%"],
            )
            row = cursor.fetchone()
        if row is not None:
            return int(row[0])
        # Not a plain count (or missing): the database cache's own rule answers or raises.
        return super().incr(key, delta, version=version)

    def get_many(self, keys, version=None):
        if not keys:
            return {}
        made = {self.make_and_validate_key(key, version=version): key for key in keys}
        db = router.db_for_read(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT cache_key, value FROM {table}"  # noqa: S608
                f" WHERE cache_key IN ({', '.join(['%s'] * len(made))}) AND expires >= %s",
                [*made, self._timestamp(connection, timezone.now())],
            )
            rows = cursor.fetchall()
        found, others = {}, []
        for cache_key, value in rows:
            if _DIGITS.fullmatch(value):
                found[made[cache_key]] = int(value)
            else:
                others.append(made[cache_key])
        if others:
            found.update(super().get_many(others, version=version))
        return found

    def get(self, key, default=None, version=None):
        return self.get_many([key], version=version).get(key, default)


def delete_expired_counts():
    """A worker sweep: expired rate-limit counts go, so the table holds only live windows."""
    from django.conf import settings
    from django.core.cache import caches

    for alias, options in settings.CACHES.items():
        if options["BACKEND"] == f"{__name__}.CounterCache":
            caches[alias].delete_expired()
