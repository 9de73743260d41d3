"""An anonymous reader who searches for a word that only the steering group's pages contain
gets no result and no suggestion, while public pages with similar words are found."""

import pytest
from playwright.sync_api import expect
from wagtail.rich_text import RichText

from home.models import HomePage, StandardPage
from hub.accounts import roles
from tests.factories.pages import restrict

CANARY = "Steerquill"


@pytest.fixture
def pages(db):
    home = HomePage.objects.get()
    public = StandardPage(
        title="Steering the programme", slug="steering", summary="Who decides what, and when."
    )
    home.add_child(instance=public)
    public.save_revision().publish()
    steering = StandardPage(
        title=f"{CANARY} minutes",
        slug="steering-minutes",
        summary=f"{CANARY} decisions.",
        body=[("paragraph", RichText(f"<p>{CANARY} budget line.</p>"))],
    )
    home.add_child(instance=steering)
    steering.save_revision().publish()
    restrict(steering, "groups", groups=[roles.STEERING_GROUP, roles.PROGRAMME_TEAM])


def suggestions(page, text):
    """What the search box's suggestions would offer this browser (same cookies, same rules)."""
    response = page.request.get("/search/suggest/", params={"q": text})
    assert response.status == 200
    return [item["title"] for item in response.json()["suggestions"]]


def test_anonymous_search_for_a_steering_word_finds_nothing(page, pages):
    page.goto("/")
    search = page.get_by_role("search", name="Site")
    search.get_by_label("Search the hub").fill(CANARY)
    search.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="No results")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("0 results")
    expect(page.get_by_role("link", name=f"{CANARY} minutes")).to_have_count(0)
    assert "budget line" not in page.content()

    # Suggestions: the public page starting with the same letters is offered, the canary not.
    assert suggestions(page, "Steer") == ["Steering the programme"]
    assert suggestions(page, CANARY) == []
    assert suggestions(page, "budget") == []

    # A search that does match shows the public page and nothing of the steering group's.
    search.get_by_label("Search the hub").fill("steering")
    search.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Steering the programme")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("1 result")
    assert CANARY.lower() not in page.get_by_role("main").inner_text().lower()
    assert page.problems == []
