"""An evaluator reaches the evaluators' area from the navigation; a provider never sees it:
not in the navigation, not by its address, not in search."""

import pytest
from playwright.sync_api import expect
from wagtail.rich_text import RichText

from home.models import HomePage, StandardPage
from hub.accounts import roles
from tests.browser.conftest import screenshot, sign_in
from tests.factories import UserFactory
from tests.factories.pages import restrict

# A canary word: it appears only in the evaluators' area.
CANARY = "Orrinvale"


@pytest.fixture
def evaluators_area(db):
    home = HomePage.objects.get()
    about = StandardPage(title="About the programme", slug="about", show_in_menus=True)
    home.add_child(instance=about)
    about.save_revision().publish()
    area = StandardPage(
        title="Evaluation workspace",
        slug="evaluation",
        show_in_menus=True,
        summary="Where the evaluation team shares drafts.",
        body=[("paragraph", RichText(f"<p>{CANARY} interview schedule, second wave.</p>"))],
    )
    home.add_child(instance=area)
    # Published through a revision, as an editor would, so search holds it too.
    area.save_revision().publish()
    restrict(area, "groups", groups=[roles.EVALUATORS])
    return area


def search_for(page, words):
    search = page.get_by_role("search", name="Site")
    search.get_by_label("Search the hub").fill(words)
    search.get_by_role("button", name="Search").click()


def test_evaluator_sees_the_evaluators_area_and_a_provider_does_not(page, evaluators_area):
    sign_in(page, UserFactory(first_name="Eve", roles=[roles.EVALUATORS]))
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Evaluation workspace"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evaluation workspace")
    expect(page.get_by_text(f"{CANARY} interview schedule")).to_be_visible()
    search_for(page, CANARY)
    expect(page.get_by_role("link", name="Evaluation workspace").last).to_be_visible()
    expect(page.get_by_text("1 result", exact=True)).to_be_visible()
    screenshot(page, "journey-evaluator-search")

    page.context.clear_cookies()
    sign_in(page, UserFactory(first_name="Priya", roles=[roles.PROVIDERS]))
    page.goto("/")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="About the programme")).to_be_visible()
    expect(nav.get_by_role("link", name="Evaluation workspace")).to_have_count(0)
    search_for(page, CANARY)
    expect(page.get_by_role("heading", name="No results")).to_be_visible()
    assert CANARY.lower() not in page.get_by_role("main").inner_text().lower().replace(
        f"matches “{CANARY.lower()}”", ""
    )
    response = page.goto(evaluators_area.url)
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have access to this page")
    expect(page.get_by_text("interview schedule")).to_have_count(0)
    assert page.problems == []
