"""A member searches, saves the search, finds it on their saved searches page and changes its
email to weekly."""

from playwright.sync_api import expect

from hub.accounts import roles
from search.models import SavedSearch
from tests.browser.conftest import screenshot, sign_in
from tests.factories import UserFactory
from tests.factories.search import SearchEntryFactory


def test_member_saves_a_search_and_makes_it_weekly(page, live_server, db):
    member = UserFactory(roles=[roles.LOCAL_AUTHORITY_MEMBERS])
    SearchEntryFactory(title="Top-up payments explained")
    sign_in(page, member)

    page.goto("/search/")
    main = page.locator("#main-content")
    main.get_by_label('Words or "a phrase in quotes"').fill("top-up payments")
    main.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("link", name="Top-up payments explained")).to_be_visible()
    page.get_by_role("button", name="Save this search").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Saved searches")
    expect(page.get_by_text("Search saved as “top-up payments”")).to_be_visible()
    card = page.locator(".hub-card", has=page.get_by_role("heading", name="top-up payments"))
    expect(card.get_by_text("Email: daily")).to_be_visible()

    card.get_by_label("Weekly").check()
    card.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("“top-up payments” is saved: weekly.")).to_be_visible()
    expect(card.get_by_text("Email: weekly")).to_be_visible()
    screenshot(page, "journey-saved-search")
    assert list(SavedSearch.objects.filter(user=member).values_list("frequency", flat=True)) == [
        "weekly"
    ]
