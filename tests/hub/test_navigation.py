"""The menu is kept across requests, under what decides it: any change to pages or their privacy
shows at once, and no viewer is ever given a menu worked out for someone who may see more."""

import pytest
from wagtail.models import PageViewRestriction

from home.models import HomePage, StandardPage
from hub import navigation
from hub.accounts import roles
from tests.factories import UserFactory
from tests.factories.pages import restrict

pytestmark = pytest.mark.django_db


def menu_page(title, slug):
    page = StandardPage(title=title, slug=slug, show_in_menus=True)
    HomePage.objects.get().add_child(instance=page)
    return page


def menu_titles(client, path="/search/"):
    response = client.get(path)
    assert response.status_code == 200
    return [item.title for item in response.context["primary_navigation"]]


@pytest.fixture
def counted(monkeypatch):
    """How often the menu pages were read from the database."""
    calls = []
    original = navigation._menu_pages_from_database

    def counting(request):
        calls.append(request.path)
        return original(request)

    monkeypatch.setattr(navigation, "_menu_pages_from_database", counting)
    return calls


def test_the_menu_is_read_once_for_many_requests(client, counted):
    menu_page("About the programme", "about")

    first = menu_titles(client)
    assert menu_titles(client, "/resources/") == menu_titles(client) == first
    assert "About the programme" in first
    assert len(counted) == 1


def test_a_page_restricted_after_the_menu_was_kept_leaves_it_at_once(client, counted):
    page = menu_page("Steering papers", "steering-papers")
    assert "Steering papers" in menu_titles(client)

    restrict(page, PageViewRestriction.LOGIN)

    assert "Steering papers" not in menu_titles(client)


def test_a_new_title_shows_at_once(client):
    page = menu_page("About", "about")
    assert "About" in menu_titles(client)

    page.title = "About the programme"
    page.save_revision().publish()

    assert "About the programme" in menu_titles(client)


def test_a_group_menu_is_never_given_to_anyone_outside_the_group(client, counted):
    page = menu_page("Steering papers", "steering-papers")
    restrict(page, PageViewRestriction.GROUPS, groups=[roles.STEERING_GROUP])
    steering = UserFactory(username="steering", roles=[roles.STEERING_GROUP])
    member = UserFactory(username="member", roles=[roles.LOCAL_AUTHORITY_MEMBERS])
    pending = UserFactory(username="pending", status="pending", roles=[roles.STEERING_GROUP])

    client.force_login(steering)
    assert "Steering papers" in menu_titles(client)
    for other in (member, pending):
        client.force_login(other)
        assert "Steering papers" not in menu_titles(client)
    client.logout()
    assert "Steering papers" not in menu_titles(client)
    # Three different sets of what a viewer may see (a pending account sees what anonymous
    # visitors see, whatever its groups): three answers, none shared.
    assert len(counted) == 3


def test_anonymous_and_pending_visitors_share_the_public_menu(client, counted):
    pending = UserFactory(username="pending", status="pending")  # a new organisation: before
    menu_page("About", "about")
    menu_titles(client)
    client.force_login(pending)

    assert "About" in menu_titles(client)
    assert len(counted) == 1
