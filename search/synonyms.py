"""The synonym list the programme team edits in the admin, read by every engine."""

from django.core.cache import cache

from search.models import Synonym
from search.query import tokens

CACHE_KEY = "search:synonyms:v1"


def groups() -> list[list[tuple[str, ...]]]:
    """Each group is a list of token tuples that mean the same, e.g. [("dp",), ("direct", ...)]."""
    cached = cache.get(CACHE_KEY)
    if cached is None:
        cached = []
        for synonym in Synonym.objects.all():
            group = [tuple(tokens(term)) for term in synonym.term_list()]
            group = [g for g in group if g]
            if len(group) > 1:
                cached.append(group)
        cache.set(CACHE_KEY, cached, 300)
    return cached


def solr_lines() -> list[str]:
    """The same list in the form Elasticsearch's synonym_graph filter reads."""
    return [", ".join(" ".join(term) for term in group) for group in groups()]


def forget():
    cache.delete(CACHE_KEY)
