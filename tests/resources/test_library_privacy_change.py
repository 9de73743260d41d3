"""A collection made private later is private at once, for anonymous visitors too."""

from wagtail.models import BaseViewRestriction, CollectionViewRestriction

from tests.factories.resources import make_resource


def test_restricting_a_collection_hides_its_documents_from_the_next_request(client, library):
    resource = make_resource(collection=library["public"], title="Latebolt notes")
    assert client.get(resource.get_absolute_url()).status_code == 200
    assert client.get(resource.download_url).status_code == 200
    CollectionViewRestriction.objects.create(
        collection=library["public"], restriction_type=BaseViewRestriction.LOGIN
    )
    assert client.get(resource.get_absolute_url()).status_code == 404
    assert client.get(resource.download_url).status_code == 404
    assert "Latebolt" not in client.get("/resources/").content.decode().split("<main")[1]
