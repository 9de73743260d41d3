"""The home page's "what's new" and each site page show documents and discussions, only those
the reader may see."""

import pytest
from django.core.files.base import ContentFile
from wagtail.models import BaseViewRestriction, Collection

from hub.accounts import roles
from resources.models import Resource
from tests.factories import OrganisationFactory
from tests.factories import pages as f
from tests.factories.discussions import make_reply, make_thread
from tests.factories.resources import collection

pytestmark = pytest.mark.django_db


def make_document(title, *, within=None, organisation=None):
    return Resource.objects.create(
        title=title,
        file=ContentFile(b"x", name="doc.txt"),
        collection=within or Collection.get_first_root_node(),
        organisation=organisation,
    )


@pytest.fixture
def whats_new():
    steering = collection(
        "Steering papers", restriction=BaseViewRestriction.GROUPS, groups=[roles.STEERING_GROUP]
    )
    return {
        "public_doc": make_document("Costing template Driftholm"),
        "steering_doc": make_document("Steering minutes Wrenmarsh", within=steering),
        "public_thread": make_thread(area="public", title="Open question about Driftholm fees"),
        "steering_thread": make_thread(area="steering", title="Steering question Wrenmarsh"),
    }


@pytest.mark.parametrize(
    ("actor_name", "sees_steering"),
    [("anonymous", False), ("council_member", False), ("steering", True)],
)
def test_home_page_lists_documents_and_discussions_the_reader_may_see(
    client, make_actor, whats_new, actor_name, sees_steering
):
    actor = make_actor(actor_name)
    if actor:
        client.force_login(actor)
    page = client.get("/").text
    assert "Costing template Driftholm" in page
    assert whats_new["public_doc"].get_absolute_url() in page
    assert "Open question about Driftholm fees" in page
    assert whats_new["public_thread"].get_absolute_url() in page
    assert ("Wrenmarsh" in page) is sees_steering


def test_home_page_shows_the_most_recently_active_discussions_first(client):
    older = make_thread(area="public", title="An older question about fees")
    make_thread(area="public", title="A newer question about fees")
    make_reply(thread=older, body="A fresh answer brings it back up.")
    page = client.get("/").text
    assert page.index("An older question about fees") < page.index("A newer question about fees")


@pytest.mark.parametrize(
    ("actor_name", "sees_steering"), [("anonymous", False), ("steering", True)]
)
def test_a_site_page_lists_its_own_discussions_the_reader_may_see(
    client, make_actor, actor_name, sees_steering
):
    council = OrganisationFactory(name="Fernholt Council", is_trailblazer=True)
    elsewhere = OrganisationFactory(name="Other Council", is_trailblazer=True)
    page = f.site(council)
    mine = make_thread(area="public", title="Fernholt question on top-ups", organisation=council)
    make_thread(area="steering", title="Fernholt steering Gorsewick", organisation=council)
    make_thread(area="public", title="Another site's question", organisation=elsewhere)
    actor = make_actor(actor_name)
    if actor:
        client.force_login(actor)
    text = client.get(page.url).text
    assert "Discussions about this site" in text
    assert "Fernholt question on top-ups" in text
    assert mine.get_absolute_url() in text
    assert "Another site&#x27;s question" not in text
    assert ("Gorsewick" in text) is sees_steering


def test_site_page_document_links_go_to_the_library(client):
    council = OrganisationFactory(name="Linkby Council", is_trailblazer=True)
    page = f.site(council)
    document = make_document("Linkby contract notes", organisation=council)
    text = client.get(page.url).text
    assert f'href="{document.get_absolute_url()}"' in text
