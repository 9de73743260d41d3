"""The access matrix for pages: every actor against every kind of restriction, on three
channels (the listing filter, the single-page check, and serving the page by its URL)."""

import pytest
from django.contrib.auth.models import Group
from wagtail import hooks
from wagtail.models import BaseViewRestriction, Page
from wagtail.wagtail_hooks import check_view_restrictions

from home.models import HomePage, StandardPage
from hub.accounts import access, roles
from tests.factories.pages import restrict
from tests.privacy import MEMBERS, NOBODY, PUBLIC, areas_seen

LOGIN, GROUPS, PASSWORD = (
    BaseViewRestriction.LOGIN,
    BaseViewRestriction.GROUPS,
    BaseViewRestriction.PASSWORD,
)


def add(parent, title, *, live=True):
    page = StandardPage(
        title=title, slug=title.lower().replace(" ", "-"), live=live, summary=f"About {title}"
    )
    parent.add_child(instance=page)
    return page


@pytest.fixture
def tree(db):
    """A page tree whose titles are unique canary words, one per access rule."""
    home = HomePage.objects.get()
    public = add(home, "Openwoods")
    public_child = add(public, "Openleaf")
    members = add(home, "Memberwall")
    members_child = add(members, "Memberleaf")
    evaluators = add(home, "Evalvault")
    evaluators_child = add(evaluators, "Evalleaf")
    evaluators_grandchild = add(evaluators_child, "Evaldeep")
    steering = add(home, "Steerquill")
    steering_child = add(steering, "Steerleaf")
    locked = add(home, "Passlock")
    locked_child = add(locked, "Passleaf")
    draft = add(public, "Draftmoth", live=False)
    # Evaluators-only page inside a members-only section: the stricter rule wins.
    stacked = add(members, "Stackfern")
    # An alias of a steering page, placed in a public section, must stay steering-only.
    alias = steering_child.create_alias(parent=public, update_slug="steerleaf-alias")

    restrict(members, LOGIN)
    restrict(evaluators, GROUPS, groups=[roles.EVALUATORS])
    restrict(steering, GROUPS, groups=[roles.STEERING_GROUP, roles.PROGRAMME_TEAM])
    restrict(locked, PASSWORD, password="hunter2hunter2")
    restrict(stacked, GROUPS, groups=[roles.EVALUATORS])

    return {
        "public": [public, public_child],
        "members": [members, members_child],
        "evaluators": [evaluators, evaluators_child, evaluators_grandchild, stacked],
        "steering": [steering, steering_child, alias],
        "password": [locked, locked_child],
        "draft": [draft],
    }


# Each part of the tree's audience: password-protected and draft pages are listed for nobody.
SEES = areas_seen(
    {
        "public": PUBLIC,
        "members": MEMBERS,
        "evaluators": (roles.EVALUATORS,),
        "steering": (roles.STEERING_GROUP, roles.PROGRAMME_TEAM),
        "password": NOBODY,
        "draft": NOBODY,
    }
)


@pytest.mark.parametrize("actor_name", SEES)
def test_listing_and_single_checks_agree_with_the_matrix(actor_name, make_actor, tree):
    actor = make_actor(actor_name)
    listed = set(
        access.pages_visible_to(actor, Page.objects.filter(depth__gt=2)).values_list(
            "pk", flat=True
        )
    )
    for audience, pages in tree.items():
        expected = audience in SEES[actor_name]
        for page in pages:
            page.refresh_from_db()
            assert (page.pk in listed) is expected, (actor_name, audience, page.title)
            assert access.can_view_page(actor, page) is expected, (actor_name, page.title)


@pytest.mark.parametrize("actor_name", SEES)
def test_serving_by_url_follows_the_matrix(actor_name, make_actor, tree, client):
    actor = make_actor(actor_name)
    if actor is not None and actor.is_active:
        client.force_login(actor)
    for audience, pages in tree.items():
        if audience == "password":
            continue
        for page in pages:
            page.refresh_from_db()
            response = client.get(page.url)
            shown = response.status_code == 200 and page.title in response.text
            assert shown is (audience in SEES[actor_name]), (actor_name, page.title, response)
            if not shown:
                assert page.title not in response.text
            if audience != "public" and response.status_code == 200:
                assert response["Cache-Control"] == "private, no-store"


def test_anonymous_visitor_is_sent_to_sign_in(tree, client):
    response = client.get(tree["members"][0].url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_pending_member_is_told_why(make_actor, tree, client):
    client.force_login(make_actor("pending"))
    response = client.get(tree["members"][0].url)
    assert response.status_code == 403
    assert "waiting for approval" in response.text


def test_password_pages_are_never_listed_even_after_the_password(tree, client, make_actor):
    superuser = make_actor("superuser")
    locked = tree["password"][0]
    assert not access.pages_visible_to(superuser).filter(pk=locked.pk).exists()
    # Wagtail's own form still guards the page itself.
    response = client.get(locked.url)
    assert response.status_code == 200
    assert "This page needs a password" in response.text
    assert "Passlock" not in response.text


def test_password_page_is_viewable_once_the_password_is_given(tree, client):
    locked = tree["password"][0]
    restriction = locked.get_view_restrictions().get()
    form = client.get(locked.url)
    assert form.status_code == 200
    response = client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{locked.pk}/",
        {"password": "hunter2hunter2", "return_url": locked.url},
    )
    assert response.status_code == 302
    assert "About Passlock" in client.get(locked.url).text


def test_a_page_below_a_password_page_asks_for_the_password_and_is_never_cached(tree, client):
    locked, child = tree["password"]
    response = client.get(child.url)
    assert response.status_code == 200
    assert "This page needs a password" in response.text
    assert "Passleaf" not in response.text
    assert response["Cache-Control"] == "private, no-store"
    restriction = locked.get_view_restrictions().get()
    client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{child.pk}/",
        {"password": "hunter2hunter2", "return_url": child.url},
    )
    response = client.get(child.url)
    assert "About Passleaf" in response.text
    assert response["Cache-Control"] == "private, no-store"


def test_a_wrong_password_does_not_open_the_page(tree, client):
    locked = tree["password"][0]
    restriction = locked.get_view_restrictions().get()
    client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{locked.pk}/",
        {"password": "not-the-password", "return_url": locked.url},
    )
    assert "About Passlock" not in client.get(locked.url).text


def test_wagtails_own_view_restriction_check_is_replaced_by_the_hubs():
    # The hub's before_serve_page hook enforces login, group and password restrictions itself
    # (the tests above); Wagtail's would repeat two queries on every page.
    assert check_view_restrictions not in hooks.get_hooks("on_serve_page")


def _remove_by_user(user, group):
    user.groups.remove(group)


def _remove_by_group(user, group):
    group.user_set.remove(user)


def _clear_group(user, group):
    group.user_set.clear()


def _set_other_groups(user, group):
    user.groups.set(Group.objects.filter(name=roles.PROVIDERS))


def _delete_group(user, group):
    group.delete()


@pytest.mark.parametrize(
    "leave", [_remove_by_user, _remove_by_group, _clear_group, _set_other_groups, _delete_group]
)
def test_leaving_a_group_takes_effect_at_the_next_request(tree, make_actor, client, leave):
    evaluator = make_actor("evaluator")
    client.force_login(evaluator)
    page = tree["evaluators"][0]
    assert "About Evalvault" in client.get(page.url).text  # group ids now cached
    assert "About Evalvault" in client.get(page.url).text
    leave(evaluator, Group.objects.get(name=roles.EVALUATORS))
    response = client.get(page.url)
    assert response.status_code == 403
    assert "Evalvault" not in response.text


def test_joining_a_group_takes_effect_at_the_next_request(tree, make_actor, client):
    member = make_actor("council_member")
    client.force_login(member)
    page = tree["evaluators"][0]
    assert client.get(page.url).status_code == 403
    Group.objects.get(name=roles.EVALUATORS).user_set.add(member)
    assert "About Evalvault" in client.get(page.url).text


def test_adding_a_restriction_to_a_parent_hides_the_subtree(tree, make_actor):
    member = make_actor("council_member")
    public, child = tree["public"]
    assert access.can_view_page(member, child)
    restrict(public, GROUPS, groups=[roles.EVALUATORS])
    member = type(member).objects.get(pk=member.pk)  # a new request
    assert not access.can_view_page(member, child)
    assert not access.pages_visible_to(member).filter(pk=child.pk).exists()


def test_listing_filter_costs_a_fixed_number_of_queries(
    tree, make_actor, django_assert_max_num_queries
):
    evaluator = make_actor("evaluator")
    evaluator = type(evaluator).objects.get(pk=evaluator.pk)
    with django_assert_max_num_queries(4):
        list(access.pages_visible_to(evaluator))


def test_unpublished_page_is_the_same_404_as_a_missing_one(tree, client, make_actor):
    client.force_login(make_actor("superuser"))
    tree["draft"][0]
    missing = client.get("/openwoods/no-such-page/")
    response = client.get("/openwoods/draftmoth/")
    assert response.status_code == missing.status_code == 404
    assert "Draftmoth" not in response.text
