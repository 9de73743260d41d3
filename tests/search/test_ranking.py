"""Ranking rules of the database engine (SQLite in `make test`, PostgreSQL in CI), each on the
smallest set of entries that shows it."""

import datetime

import pytest

from search import selectors
from tests.factories.search import SearchEntryFactory

pytestmark = pytest.mark.django_db


def hits(text, user=None):
    return selectors.search(user=user, text=text).result.hits


def titles(text, user=None):
    return [hit.title for hit in hits(text, user)]


def test_an_entry_with_some_words_in_its_title_and_the_rest_in_its_body_is_listed_once():
    SearchEntryFactory(title="Brokerage notes", body="what the invoices said")
    SearchEntryFactory(title="Brokerage only")
    assert titles("brokerage invoices") == ["Brokerage notes", "Brokerage only"]
