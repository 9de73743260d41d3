"""Documents take their audience from their collection's restrictions (and its ancestors')."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction

from hub.accounts import access, roles
from tests.privacy import MEMBERS, NOBODY, PUBLIC, areas_seen

pytestmark = pytest.mark.django_db


def collection(name, parent=None):
    parent = parent or Collection.get_first_root_node()
    return parent.add_child(name=name)


def restrict(coll, kind, groups=()):
    restriction = CollectionViewRestriction.objects.create(
        collection=coll, restriction_type=kind, password="a-password" if kind == "password" else ""
    )
    restriction.groups.set(Group.objects.filter(name__in=groups))


def document(title, coll):
    return get_document_model().objects.create(
        title=title, collection=coll, file=ContentFile(b"text", name=f"{title}.txt")
    )


@pytest.fixture
def library():
    public = collection("Public library")
    members = collection("Members")
    steering = collection("Steering papers")
    steering_sub = collection("2015 meetings", parent=steering)
    locked = collection("Locked")
    restrict(members, BaseViewRestriction.LOGIN)
    restrict(steering, BaseViewRestriction.GROUPS, groups=[roles.STEERING_GROUP])
    restrict(locked, BaseViewRestriction.PASSWORD)
    return {
        "public": document("Openfile", public),
        "members": document("Memberfile", members),
        "steering": document("Steerfile", steering_sub),
        "password": document("Lockfile", locked),
    }


# Each document's audience, from its collection; one actor of each kind the library tells apart.
SEES = areas_seen(
    {"public": PUBLIC, "members": MEMBERS, "steering": (roles.STEERING_GROUP,), "password": NOBODY},
    actors=["anonymous", "pending", "council_member", "evaluator", "steering", "superuser"],
)


@pytest.mark.parametrize("actor_name", SEES)
def test_documents_follow_their_collection(actor_name, make_actor, library, client):
    actor = make_actor(actor_name)
    if actor is not None:
        client.force_login(actor)
    listed = set(
        access.documents_visible_to(actor, get_document_model().objects.all()).values_list(
            "title", flat=True
        )
    )
    for audience, doc in library.items():
        # Collections keep siblings sorted by name, so paths move as the fixture adds them.
        doc = get_document_model().objects.select_related("collection").get(pk=doc.pk)
        expected = audience in SEES[actor_name]
        assert (doc.title in listed) is expected, (actor_name, audience)
        # Opening one document: the library's download, which every document address uses.
        response = client.get(doc.download_url)
        assert response.status_code == (200 if expected else 404), (actor_name, audience)


def test_visible_collections_exclude_restricted_subtrees(make_actor, library):
    names = set(
        access.collections_visible_to(make_actor("council_member")).values_list("name", flat=True)
    )
    assert {"Public library", "Members"} <= names
    assert not names & {"Steering papers", "2015 meetings", "Locked"}
