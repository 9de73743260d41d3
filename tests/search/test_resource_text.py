"""Text read from a document after upload reaches search, though extraction saves no model."""

from hub.accounts import roles
from search import selectors
from tests.factories import UserFactory
from tests.factories.resources import collection, make_resource


def test_extracted_text_is_searchable_once_extraction_finishes(db):
    make_resource(
        collection=collection("Shared"),
        title="Year one",
        text="Quenbury residents chose their rooms.",
        extension="docx",
        extract=True,
    )
    reader = UserFactory(roles=[roles.PROVIDERS])
    outcome = selectors.search(user=reader, text='"Quenbury residents"')
    assert [hit.title for hit in outcome.result.hits] == ["Year one"]
