"""The menu pages kept across requests (hub/navigation.py): one list for everyone, filtered per
viewer by the access layer, so each actor sees exactly the menu pages their rules allow, and a
change is seen at the next request."""

import pytest
from wagtail.models import BaseViewRestriction

from hub.accounts import roles
from tests.factories import pages as f
from tests.privacy import ACTOR_ROLES, MEMBERS, NOBODY, PUBLIC, areas_seen

pytestmark = pytest.mark.django_db

MENU_AREAS = {
    "Quillmere open": PUBLIC,
    "Quillmere members": MEMBERS,
    "Quillmere evaluators": (roles.EVALUATORS,),
    "Quillmere locked": NOBODY,
}


def menu_pages():
    pages = {title: f.standard(title, show_in_menus=True) for title in MENU_AREAS}
    f.restrict(pages["Quillmere members"], BaseViewRestriction.LOGIN)
    f.restrict(pages["Quillmere evaluators"], BaseViewRestriction.GROUPS, groups=[roles.EVALUATORS])
    f.restrict(pages["Quillmere locked"], BaseViewRestriction.PASSWORD, password="quill-secret")
    return pages


def menu_titles(client):
    response = client.get("/")
    assert response.status_code == 200
    return {item.title for item in response.context["primary_navigation"]} & set(MENU_AREAS)


@pytest.fixture(params=[300, 0], ids=["page cache on", "page cache off"])
def page_cache_seconds(request, settings):
    settings.HUB_PAGE_CACHE_SECONDS = request.param


def test_each_actor_sees_the_menu_pages_their_rules_allow(client, make_actor, page_cache_seconds):
    menu_pages()
    expected = areas_seen(MENU_AREAS, actors=ACTOR_ROLES)
    for actor in ACTOR_ROLES:
        client.logout()
        user = make_actor(actor)
        if user is not None:
            client.force_login(user)
        first, second = menu_titles(client), menu_titles(client)  # the second from what was kept
        assert first == second == expected[actor], actor


def test_a_menu_page_restricted_after_the_menu_was_kept_leaves_it_at_once(
    client, page_cache_seconds
):
    pages = menu_pages()
    assert menu_titles(client) == {"Quillmere open"}

    f.restrict(pages["Quillmere open"], BaseViewRestriction.LOGIN)

    assert menu_titles(client) == set()


def test_an_unpublished_menu_page_leaves_the_menu_and_a_new_one_joins_it(
    client, page_cache_seconds
):
    pages = menu_pages()
    assert menu_titles(client) == {"Quillmere open"}

    pages["Quillmere open"].unpublish()
    assert menu_titles(client) == set()

    f.standard("Quillmere open", show_in_menus=True)
    assert menu_titles(client) == {"Quillmere open"}
