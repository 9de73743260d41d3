"""PostgreSQL keeps finer statistics of the words in the vectors (migration 0009): with the
default ones a rare word was estimated common at 1,000,000 entries, and ranking it walked the
whole table (4 s) instead of the full-text index (8 ms; ``make bench --million``). The plan
itself needs a million entries to go wrong, so the test reads the setting the plan comes from."""

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics"),
]


def test_the_vectors_keep_statistics_for_a_thousand_times_ten_words():
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT attname, attstattarget FROM pg_attribute
            WHERE attrelid = 'search_searchentry'::regclass
            AND attname IN ('search_vector', 'search_head') ORDER BY attname"""
        )
        assert cursor.fetchall() == [("search_head", 1000), ("search_vector", 1000)]
