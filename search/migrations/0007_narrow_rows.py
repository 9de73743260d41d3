"""PostgreSQL: long text out of the entry rows, so matching and facets read narrow pages.

Nothing to do on SQLite. Not atomic: the rows are rewritten by VACUUM FULL, which cannot run
inside a transaction (it locks the table for as long as the rewrite takes: seconds for a few
thousand entries).
"""

from django.db import migrations


def _statements(schema_editor, name):
    if schema_editor.connection.vendor != "postgresql":
        return []
    from search.engines import postgres_schema

    return getattr(postgres_schema, name)


def forwards(apps, schema_editor):
    for statement in _statements(schema_editor, "NARROW_ROWS_SQL"):
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    for statement in _statements(schema_editor, "WIDE_ROWS_SQL"):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("search", "0006_gin_without_pending_list")]

    operations = [migrations.RunPython(forwards, backwards, atomic=False)]
