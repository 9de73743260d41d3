"""Counters every web process on the machine shares, kept in the database.

Rate limits and the like need one count across all processes that survives a restart. Without
Redis they live in Django's database cache, whose ``incr`` is a read then a write: two processes
counting at once could both read 4 and both write 5. Here the read and the write are one
transaction holding the row (SQLite: the write lock taken at ``BEGIN IMMEDIATE``; elsewhere:
``SELECT … FOR UPDATE``), so no count is lost.
"""

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction


class CounterCache(DatabaseCache):
    def incr(self, key, delta=1, version=None):
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        with transaction.atomic(using=db):
            if connection.features.has_select_for_update:
                table = connection.ops.quote_name(self._table)
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT cache_key FROM {table} WHERE cache_key = %s FOR UPDATE",  # noqa: S608 - the table name is from settings
                        [self.make_and_validate_key(key, version=version)],
                    )
            return super().incr(key, delta, version=version)
