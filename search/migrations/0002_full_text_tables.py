"""Full-text structures for the database engine, in the dialect of the database in use."""

from django.db import migrations


def _statements(schema_editor, name):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        from search.engines import sqlite_schema as dialect
    elif vendor == "postgresql":
        from search.engines import postgres_schema as dialect
    else:
        return []
    return getattr(dialect, name)


def create(apps, schema_editor):
    for statement in _statements(schema_editor, "CREATE_SQL"):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    for statement in _statements(schema_editor, "DROP_SQL"):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
