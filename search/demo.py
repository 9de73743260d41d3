"""The last demo step: rebuild search from everything the other demo modules wrote.

Demo loaders backdate threads and fill in documents with bulk updates, which send no signals,
so entries written on the way would otherwise keep today's dates and text from before.
"""

from search import registry
from search.models import SearchEntry


def load(*, stdout, **kwargs):
    registry.reindex()
    stdout.write(f"Search: {SearchEntry.objects.count()} entries rebuilt from the demo content.")
