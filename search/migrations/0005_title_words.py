"""PostgreSQL: a narrow side table of title words for suggestions. Nothing to do on SQLite."""

from django.db import migrations


def _statements(schema_editor, name):
    if schema_editor.connection.vendor != "postgresql":
        return []
    from search.engines import postgres_schema

    return getattr(postgres_schema, name)


def create(apps, schema_editor):
    for statement in _statements(schema_editor, "TITLE_WORDS_SQL"):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    for statement in _statements(schema_editor, "TITLE_WORDS_DROP_SQL"):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_covering_index")]

    operations = [migrations.RunPython(create, drop)]
