"""An anonymous reader cannot reach steering-group material by its address or through the
navigation; neither can a member outside the steering group."""

import pytest
from playwright.sync_api import expect
from wagtail.rich_text import RichText

from home.models import HomePage, StandardPage
from hub.accounts import roles
from tests.browser.conftest import screenshot, sign_in
from tests.factories import UserFactory
from tests.factories.pages import restrict

# Canary words: they appear only in the steering group's pages.
CANARIES = ("Steerquill", "Vantablue")


@pytest.fixture
def steering_pages(db):
    home = HomePage.objects.get()
    public = StandardPage(title="About the programme", slug="about", show_in_menus=True)
    home.add_child(instance=public)
    steering = StandardPage(
        title="Steerquill minutes",
        slug="steering-minutes",
        show_in_menus=True,
        summary="Steerquill decisions.",
        body=[("paragraph", RichText("<p>Vantablue budget line.</p>"))],
    )
    home.add_child(instance=steering)
    papers = StandardPage(title="Steerquill papers", slug="papers", show_in_menus=True)
    steering.add_child(instance=papers)
    restrict(steering, "groups", groups=[roles.STEERING_GROUP, roles.PROGRAMME_TEAM])
    return steering, papers


def assert_no_canary(page):
    html = page.content()
    leaked = [word for word in CANARIES if word.lower() in html.lower()]
    assert leaked == [], f"{page.url} shows {leaked}"


def test_anonymous_reader_cannot_reach_steering_material(page, steering_pages):
    steering, papers = steering_pages
    page.goto("/")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="About the programme")).to_be_visible()
    assert_no_canary(page)

    nav.get_by_role("link", name="About the programme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About the programme")
    assert_no_canary(page)

    for restricted in (steering, papers):
        page.goto(restricted.url)
        # Sent to sign in, and told nothing about what is behind it.
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
        assert_no_canary(page)


def test_member_outside_the_steering_group_cannot_reach_it(page, steering_pages):
    steering, papers = steering_pages
    sign_in(page, UserFactory(roles=[roles.PROVIDERS]))
    page.goto("/")
    assert_no_canary(page)
    for restricted in (steering, papers):
        response = page.goto(restricted.url)
        assert response.status == 403
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "You do not have access to this page"
        )
        assert_no_canary(page)

    # The steering group itself sees it in the navigation and can open it.
    page.context.clear_cookies()
    sign_in(page, UserFactory(roles=[roles.STEERING_GROUP]))
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Steerquill minutes"
    ).click()
    expect(page.get_by_text("Vantablue budget line.")).to_be_visible()
    screenshot(page, "steering-member-reads-minutes")
