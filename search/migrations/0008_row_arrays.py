"""PostgreSQL: each entry's tag and group ids on its row, vectors written by a trigger.

Nothing to do on SQLite. Not atomic: the rows are rewritten by VACUUM FULL afterwards, which
cannot run inside a transaction.
"""

from django.db import migrations, transaction


def _statements(schema_editor, name):
    if schema_editor.connection.vendor != "postgresql":
        return []
    from search.engines import postgres_schema

    return getattr(postgres_schema, name)


def forwards(apps, schema_editor):
    statements = _statements(schema_editor, "ROW_ARRAYS_SQL")
    # Everything but the VACUUMs in one transaction: columns, triggers and their contents
    # arrive together or not at all.
    with transaction.atomic(using=schema_editor.connection.alias):
        for statement in statements:
            if not statement.startswith("VACUUM"):
                schema_editor.execute(statement)
    for statement in statements:
        if statement.startswith("VACUUM"):
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    with transaction.atomic(using=schema_editor.connection.alias):
        for statement in _statements(schema_editor, "ROW_ARRAYS_DROP_SQL"):
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("search", "0007_narrow_rows")]

    operations = [migrations.RunPython(forwards, backwards, atomic=False)]
