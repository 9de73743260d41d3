"""What every engine is asked and what it answers."""

from __future__ import annotations

from dataclasses import dataclass, field

from search.query import ParsedQuery

KIND_LABELS = {
    "page": "Pages",
    "resource": "Documents",
    "thread": "Discussions",
    "guidance": "Guidance",
    "event": "Learning events",
    "practice": "Practice examples",
    "site": "Trailblazer sites",
    "news": "News",
    "organisation": "Organisations",
    "person": "People",
}

FACETS = ("kind", "tag", "organisation", "year")
MAX_PAGE = 50  # beyond this, nobody is reading: refine the query instead
PER_PAGE = 10


def reorders_groups(query, mode) -> bool:
    """Whether ``order_candidates`` gets a ``strength`` for this query, ranking head and body
    matches together: partial matches of three or more words (by words matched) and quoted
    phrases that may also match loosely (as typed first)."""
    by_words = mode == "some_only" and len(query.terms) > 2
    return by_words or any(term.loose for term in query.terms)


def candidate_strength(ids, words_matched=None, phrases_matched=None) -> dict | None:
    """The ``strength`` ``order_candidates`` ranks by, or None: per id, the number of words
    matched (partial matches of three or more words), then the number of quoted phrases found
    as typed (queries with a loose phrase)."""
    if words_matched is None and phrases_matched is None:
        return None
    return {
        pk: (
            *(() if words_matched is None else (words_matched.get(pk, 0),)),
            *(() if phrases_matched is None else (phrases_matched.get(pk, 0),)),
        )
        for pk in ids
    }


def tag_order(name: str):
    """How tags are listed: by name, ignoring case."""
    return (name.casefold(), name)


def order_candidates(rows, candidates: int, strength=None) -> list[tuple[int, float]]:
    """Order (id, score, group) rows fetched newest first within each group.

    Group 0 (title, tags or summary matched) comes before group 1 (body only). In each group
    the newest ``candidates`` rows are ordered by score (ties to the newer entry); any older
    rows follow, newest first. Fetching more rows only appends to this order, so every page
    agrees with every other, however deep.

    ``strength`` (id -> a tuple, higher is better) ranks the scored rows of both groups
    together, before the group: how many of the query's words a partial match of three or
    more words matches (two words of three in the body say more than one in the title), and
    how many quoted phrases it matches as typed rather than as words apart. The older rows
    of each group then follow, head before body.
    """
    scored, unscored = [], []
    for group in (0, 1):
        rows_in_group = sorted((r for r in rows if r[2] == group), key=lambda r: -r[0])
        best = sorted(rows_in_group[:candidates], key=lambda r: (-r[1], -r[0]))
        if strength is None:
            scored += best + rows_in_group[candidates:]
        else:
            scored += best
            unscored += rows_in_group[candidates:]
    if strength is not None:
        # Stable: of equal strength, head before body, then by score.
        scored.sort(key=lambda r: strength.get(r[0], ()), reverse=True)
    return [(pk, score) for pk, score, _ in scored + unscored]


# What an entry dated today gains over an undated or very old one: 2%, falling with age (1% at
# a year old). A tie-break between equally good matches, never enough to lift a worse one.
# Every engine applies the same figure.
RECENCY = 0.02


def fold_words_matched(rows, words_matched: dict[int, int]) -> list[tuple[int, float, int]]:
    """(id, score, group) rows whose score starts with how many of the query's words each
    matched, as ``order_candidates`` ranks them: two words of three score above one, the
    text score below 1 (scores are never negative, so ``score / (1 + score)`` stays below 1).
    """
    return [
        (pk, words_matched.get(pk, 0) + score / (1.0 + score), group) for pk, score, group in rows
    ]


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())


@dataclass
class SearchRequest:
    viewer: object  # access.Viewer
    query: ParsedQuery
    filters: dict = field(default_factory=dict)  # facet name -> list of values
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE
    with_facets: bool = True


@dataclass
class Hit:
    entry_id: int
    kind: str
    title: str
    url: str
    snippet: str  # safe HTML: escaped text with <mark> around matches
    tags: list[dict]
    organisation: str
    date: object
    score: float
    replaced: bool = False  # newer content replaces it
    date_precision: str = "day"  # how much of ``date`` is known: "day", "month" or "year"

    @property
    def date_label(self):
        """The date as precisely as it is known: "2015", "August 2015" or "3 August 2015"."""
        from search.models import date_label

        return date_label(self.date, self.date_precision)

    @property
    def kind_label(self):
        return kind_label(self.kind)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetValue]]
    engine: str
    degraded: bool = False
    notice: str = ""
    # False when ``total`` is a lower bound: more entries match than were counted, and the
    # facets count the newest ``total`` of them (``DatabaseEngine.counts_from_snapshot``).
    total_exact: bool = True
