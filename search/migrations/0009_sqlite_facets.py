"""SQLite: a narrow row per entry for counting facets
(see ``search.engines.sqlite_schema.FACET_SQL``).

Nothing to do on PostgreSQL.
"""

from django.db import migrations


def _statements(schema_editor, name):
    if schema_editor.connection.vendor != "sqlite":
        return []
    from search.engines import sqlite_schema

    return getattr(sqlite_schema, name)


def create(apps, schema_editor):
    for statement in _statements(schema_editor, "FACET_SQL"):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    for statement in _statements(schema_editor, "FACET_DROP_SQL"):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0008_row_arrays")]

    operations = [migrations.RunPython(create, drop)]
