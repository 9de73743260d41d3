"""The Elasticsearch side of a search entry: its mapping, its analysis, and the requests.

Everything here builds plain request bodies (no network), so tests can pin them exactly.
"""

from __future__ import annotations

from elasticsearch.dsl import (
    Boolean,
    Completion,
    Date,
    Document,
    FacetedSearch,
    Float,
    Integer,
    Keyword,
    Q,
    TermsFacet,
    Text,
)

from hub.accounts.access import Audience, Visibility, as_viewer
from search import synonyms
from search.engines.base import RECENCY
from search.query import ParsedQuery

FIELDS = ["title^10", "tags_text^5", "summary^2", "body"]
ALL_WORDS_BOOST = 10  # entries matching every word rank above those matching some
PHRASE_BOOST = 10  # a quoted phrase found as typed ranks above its words found apart
SUPERSEDED_FIELD = "boost"


def analysis() -> dict:
    """Index settings: English stemming everywhere, the editors' synonyms when searching.

    Built when an index is created (``search_reindex``), so it holds the synonym list of that
    moment; synonym graphs are applied at search time only, as Elasticsearch requires.
    """
    english = ["lowercase", "hub_possessive", "hub_stemmer"]
    return {
        "filter": {
            "hub_possessive": {"type": "stemmer", "language": "possessive_english"},
            "hub_stemmer": {"type": "stemmer", "language": "english"},
            "hub_synonyms": {
                "type": "synonym_graph",
                "synonyms": synonyms.solr_lines(),
                "lenient": True,
            },
        },
        "analyzer": {
            "hub_english": {"type": "custom", "tokenizer": "standard", "filter": english},
            "hub_english_search": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["lowercase", "hub_synonyms", "hub_possessive", "hub_stemmer"],
            },
        },
    }


def index_body() -> dict:
    return {
        "settings": {"number_of_shards": 1, "analysis": analysis()},
        "mappings": EntryDocument._doc_type.mapping.to_dict(),
    }


def _text():
    return Text(analyzer="hub_english", search_analyzer="hub_english_search")


class EntryDocument(Document):
    kind = Keyword()
    title = _text()
    summary = _text()
    body = _text()
    tags = Keyword()
    tags_text = _text()
    organisation = Keyword()
    audience = Keyword()
    groups = Integer()
    date = Date()
    date_precision = Keyword(index=False)
    year = Integer()
    url = Keyword(index=False)
    boost = Float()
    replaced = Boolean()
    suggest = Completion(
        analyzer="simple",
        contexts=[{"name": "audience", "type": "category"}],
    )

    class Index:
        name = "hub-search"  # an alias; the real index behind it is rebuilt and swapped

    @classmethod
    def from_entry(cls, entry, tag_slugs, tag_names, group_ids):
        return cls(
            meta={"id": entry.pk},
            kind=entry.kind,
            title=entry.title,
            summary=entry.summary,
            body=entry.body,
            tags=tag_slugs,
            tags_text=" ".join(tag_names),
            organisation=entry.organisation or None,
            audience=entry.audience,
            groups=list(group_ids),
            date=entry.date,
            date_precision=entry.date_precision,
            year=entry.year,
            url=entry.url,
            boost=entry.boost,
            replaced=entry.replaced,
            suggest={
                "input": [entry.title, *tag_names],
                "contexts": {"audience": entry_contexts(entry.audience, group_ids)},
            },
        )


# Completion suggestions cannot run a filter, only match categories: an entry carries its
# audience (a group entry also each of its groups), a viewer every category its visibility
# admits, and a suggestion is offered when the two share one.
def entry_contexts(audience, group_ids) -> list[str]:
    if audience == Audience.GROUPS:
        return [Audience.GROUPS.value, *(f"group:{pk}" for pk in sorted(group_ids))]
    return [audience]


def viewer_contexts(visibility: Visibility) -> list[str]:
    return [str(a) for a in visibility.audiences] + [
        f"group:{pk}" for pk in sorted(visibility.group_ids)
    ]


def audience_filter(visibility: Visibility):
    """``access.Visibility`` as an Elasticsearch filter."""
    allowed = [Q("terms", audience=[str(a) for a in visibility.audiences])]
    if visibility.group_ids:
        allowed.append(
            Q("term", audience=Audience.GROUPS.value)
            & Q("terms", groups=sorted(visibility.group_ids))
        )
    return Q("bool", should=allowed, minimum_should_match=1)


def _alternative(words):
    return Q("multi_match", query=" ".join(words), fields=FIELDS, type="phrase")


def _term(term):
    """Any of the term's alternatives; a quoted phrase also matches its words anywhere, as on
    the database engines, with the phrase itself boosted above them."""
    should = [_alternative(alt) for alt in term.alternatives]
    if term.loose:
        phrases = Q("bool", should=should, minimum_should_match=1, boost=PHRASE_BOOST)
        words = Q(
            "multi_match",
            query=" ".join(term.loose),
            fields=FIELDS,
            type="cross_fields",
            operator="and",
        )
        should = [phrases, words]
    return Q("bool", should=should, minimum_should_match=1)


def text_query(query: ParsedQuery):
    """Words and phrases as match queries: Elasticsearch never parses the visitor's syntax."""
    terms = [_term(term) for term in query.terms]
    should = list(terms)
    if len(terms) > 1:
        should.append(Q("bool", must=terms, boost=ALL_WORDS_BOOST))
    matched = Q("bool", should=should, minimum_should_match=1)
    return Q(
        "function_score",
        query=matched,
        functions=[
            {"field_value_factor": {"field": "boost", "missing": 1}},
            # A tie-break for newer items, as on the database engines: ten years old scores
            # 1 - RECENCY of new, never enough to lift a clearly worse match.
            {"gauss": {"date": {"origin": "now", "scale": "3650d", "decay": 1 - RECENCY}}},
        ],
        score_mode="multiply",
        boost_mode="multiply",
    )


class EntrySearch(FacetedSearch):
    doc_types = [EntryDocument]
    fields = FIELDS
    facets = {
        "kind": TermsFacet(field="kind", size=20),
        "tag": TermsFacet(field="tags", size=20),
        "organisation": TermsFacet(field="organisation", size=20),
        "year": TermsFacet(field="year", size=20, order={"_key": "desc"}),
    }

    def __init__(self, *, viewer, parsed, filters, sort, index, using):
        self.viewer = viewer
        self.parsed = parsed
        self.index = index
        self.using = using
        order = ["-date", "_score"] if sort == "newest" else []
        super().__init__(query=parsed.text, filters=filters, sort=order)

    def search(self):
        # The audience filter is part of the query, so hits, totals and facet counts all obey it.
        search = super().search().filter(audience_filter(as_viewer(self.viewer).visibility()))
        return search.source(excludes=["body", "suggest"])

    def query(self, search, query):
        return search.query(text_query(self.parsed))

    def highlight(self, search):
        return search.highlight_options(
            encoder="html",
            pre_tags=["<mark>"],
            post_tags=["</mark>"],
            fragment_size=240,
            number_of_fragments=1,
            no_match_size=240,
        ).highlight("body", "summary")


def suggest_body(viewer, prefix: str, size=8) -> dict:
    return {
        "_source": ["title", "url", "kind"],
        "suggest": {
            "titles": {
                "prefix": prefix,
                "completion": {
                    "field": "suggest",
                    "size": size,
                    "skip_duplicates": True,
                    "contexts": {"audience": viewer_contexts(as_viewer(viewer).visibility())},
                },
            }
        },
    }


def count_bodies(viewer, words, cap: int) -> list[dict]:
    """One request per word: how many entries this viewer may see match it (stemmed, in any
    field), counted no further than ``cap``. For the spelling corrector (``search.spelling``),
    which must count only what the viewer may see: the audience filter is in every one."""
    visible = audience_filter(as_viewer(viewer).visibility())
    return [
        {
            "size": 0,
            "track_total_hits": cap,
            "query": Q(
                "bool", must=[Q("multi_match", query=word, fields=FIELDS)], filter=[visible]
            ).to_dict(),
        }
        for word in words
    ]
