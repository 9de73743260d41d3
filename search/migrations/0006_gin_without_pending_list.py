"""PostgreSQL: full-text indexes without a pending list. Nothing to do on SQLite."""

from django.db import migrations


def _statements(schema_editor, name):
    if schema_editor.connection.vendor != "postgresql":
        return []
    from search.engines import postgres_schema

    return getattr(postgres_schema, name)


def forwards(apps, schema_editor):
    for statement in _statements(schema_editor, "NO_FAST_UPDATE_SQL"):
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    for statement in _statements(schema_editor, "FAST_UPDATE_SQL"):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_title_words")]

    operations = [migrations.RunPython(forwards, backwards)]
