"""PostgreSQL: a narrow table of ids and vectors to find matching ids from
(``search.engines.postgres_schema.MATCH_TABLE_SQL``). Nothing to do on SQLite, whose full-text
table gives ids without visiting the entries. Not atomic: VACUUM cannot run in a transaction.
"""

from django.db import migrations, transaction


def _statements(schema_editor, name):
    if schema_editor.connection.vendor != "postgresql":
        return []
    from search.engines import postgres_schema

    return getattr(postgres_schema, name)


def forwards(apps, schema_editor):
    statements = _statements(schema_editor, "MATCH_TABLE_SQL")
    with transaction.atomic(using=schema_editor.connection.alias):
        for statement in statements:
            if not statement.startswith("VACUUM"):
                schema_editor.execute(statement)
    for statement in statements:
        if statement.startswith("VACUUM"):
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    with transaction.atomic(using=schema_editor.connection.alias):
        for statement in _statements(schema_editor, "MATCH_TABLE_DROP_SQL"):
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("search", "0010_facet_token")]

    operations = [migrations.RunPython(forwards, backwards)]
