"""Search's migrations stand alone (frozen SQL, no project imports), build everything the
engines read on the database in use, and undo all of it on the way back."""

import ast
import importlib
import re
import sys
from pathlib import Path

import pytest
from django.db import connection

from search.models import Synonym

MIGRATIONS = Path(__file__).resolve().parents[2] / "search" / "migrations"
FULL_TEXT = importlib.import_module("search.migrations.0002_full_text")


def imported_roots(path):
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            # A relative import reaches into the project.
            roots.add(node.module.partition(".")[0] if node.level == 0 else ".")
    return roots


@pytest.mark.parametrize("path", sorted(MIGRATIONS.glob("*.py")), ids=lambda path: path.name)
def test_a_migration_imports_only_django_and_the_standard_library(path):
    """A migration that reads a live module changes what it does when that module changes."""
    allowed = {"django", *sys.stdlib_module_names}
    assert imported_roots(path) <= allowed


def created_and_dropped(forwards, backwards):
    kinds = r"(?:VIRTUAL )?TABLE|(?:CONSTRAINT )?TRIGGER|FUNCTION"
    created = {
        name.lower()
        for statement in forwards
        for name in re.findall(rf"\b(?:CREATE (?:{kinds})|ADD COLUMN) (\w+)", statement)
    }
    dropped = {
        name.lower()
        for statement in backwards
        for name in re.findall(
            r"\bDROP (?:TABLE|TRIGGER|FUNCTION|COLUMN) IF EXISTS (\w+)", statement
        )
    }
    return created, dropped


@pytest.mark.parametrize(
    ("forwards", "backwards"),
    [
        (FULL_TEXT.POSTGRES_SQL, FULL_TEXT.POSTGRES_DROP_SQL),
        (FULL_TEXT.SQLITE_SQL, FULL_TEXT.SQLITE_DROP_SQL),
    ],
    ids=["postgresql", "sqlite"],
)
def test_going_back_drops_every_table_trigger_function_and_column_it_made(forwards, backwards):
    """Left behind, a trigger on ``taggit_tag`` would fail every tag edit once its table is gone."""
    created, dropped = created_and_dropped(forwards, backwards)
    assert created
    assert created == dropped


EXPECTED = {
    "sqlite": {
        "tables": {
            "search_fts",
            "search_title_fts",
            "search_facet",
            "search_facet_combo",
            "search_facet_tagset",
            "search_facet_token",
        },
        "triggers": {
            "search_fts_insert",
            "search_fts_update",
            "search_fts_delete",
            "search_facet_insert",
            "search_facet_update",
            "search_facet_delete",
            "search_facet_tags_insert",
            "search_facet_tags_delete",
            "search_token_entry_insert",
            "search_token_entry_update",
            "search_token_entry_delete",
            "search_token_tags_insert",
            "search_token_tags_update",
            "search_token_tags_delete",
            "search_token_groups_insert",
            "search_token_groups_update",
            "search_token_groups_delete",
            "search_token_tag_update",
        },
    },
    "postgresql": {
        "tables": {"search_title_words", "search_match", "search_facet_token"},
        "triggers": {
            "search_entry_vectors",
            "search_entry_tag_ids_insert",
            "search_entry_tag_ids_update",
            "search_entry_tag_ids_delete",
            "search_entry_tag_ids_truncate",
            "search_entry_group_ids_insert",
            "search_entry_group_ids_update",
            "search_entry_group_ids_delete",
            "search_entry_group_ids_truncate",
            "search_title_words_row",
            "search_title_words_truncate",
            "search_token_entry_change",
            "search_token_entry_update",
            "search_token_tags_change",
            "search_token_groups_change",
            "search_token_tag_update",
            "search_token_search_searchentry_truncate",
            "search_token_search_searchentry_tags_truncate",
            "search_token_search_searchentry_groups_truncate",
            "search_match_row",
            "search_match_text",
            "search_match_truncate",
        },
    },
}


def trigger_names():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.django_db
def test_the_full_text_tables_and_triggers_exist_after_migrate():
    expected = EXPECTED[connection.vendor]
    assert expected["tables"] <= set(connection.introspection.table_names())
    assert expected["triggers"] <= trigger_names()


@pytest.mark.django_db
def test_migrate_seeds_the_facet_token_and_the_default_synonyms():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_facet_token WHERE id = 1")
        assert cursor.fetchone() == (1,)
    assert "DP, direct payment, direct payments" in set(
        Synonym.objects.values_list("terms", flat=True)
    )


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's row layout")
def test_entry_rows_stay_narrow_and_gin_indexes_have_no_pending_list():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reloptions FROM pg_class "
            "WHERE relname IN ('search_searchentry', 'search_match')"
        )
        assert [options for (options,) in cursor.fetchall()] == [["toast_tuple_target=128"]] * 2
        cursor.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = 'search_searchentry'::regclass "
            "AND attstorage = 'p' AND attname IN "
            "('kind', 'audience', 'organisation', 'title', 'url', 'tag_ids', 'group_ids')"
        )
        assert len(cursor.fetchall()) == 7
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname IN ('search_entry_head_gin', "
            "'search_entry_vector_gin', 'search_title_words_gin', 'search_match_gin')"
        )
        indexes = dict(cursor.fetchall())
        assert indexes == dict.fromkeys(
            [
                "search_entry_head_gin",
                "search_entry_vector_gin",
                "search_title_words_gin",
                "search_match_gin",
            ],
            ["fastupdate=off"],
        )
