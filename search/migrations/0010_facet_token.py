"""A token that changes with anything facet counts read, for the in-process snapshot
(``search.engines.snapshot``): the SQL is each backend's ``TOKEN_SQL``."""

from django.db import migrations


def _statements(schema_editor, name):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        from search.engines import sqlite_schema as schema
    elif vendor == "postgresql":
        from search.engines import postgres_schema as schema
    else:
        return []
    return getattr(schema, name)


def create(apps, schema_editor):
    for statement in _statements(schema_editor, "TOKEN_SQL"):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    for statement in _statements(schema_editor, "TOKEN_DROP_SQL"):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0009_sqlite_facets")]

    operations = [migrations.RunPython(create, drop)]
