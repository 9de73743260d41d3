"""Finer statistics of the words in the PostgreSQL vectors, so a rare word is known to be rare.

With the default statistics target (100) ANALYZE keeps the frequencies of about a thousand
lexemes, and estimates any other word at half the rarest of those. At 1,000,000 entries that
put "quillwort" (12 entries) at 4,600, more than the 500 candidates a ranking reads, so
PostgreSQL walked the whole table newest first to find them (4 s), and each count the spelling
check makes did the same (3.6 s for a corrected word). At 1,000 the estimate is a few dozen
and the full-text index is used: 8 ms and 15 ms. SQLite has no such planner choice.
"""

import importlib

from django.db import migrations

VendorSQL = importlib.import_module("search.migrations.0002_full_text").VendorSQL

COLUMNS = ("search_vector", "search_head")
TARGET = 1000


def _statistics(target):
    return [
        f"ALTER TABLE search_searchentry ALTER COLUMN {column} SET STATISTICS {target}"
        for column in COLUMNS
    ] + ["ANALYZE search_searchentry"]


class Migration(migrations.Migration):
    dependencies = [("search", "0008_entry_date_precision")]

    operations = [VendorSQL("postgresql", _statistics(TARGET), _statistics(-1))]
