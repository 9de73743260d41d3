"""A council officer with no account looks for material on top-ups: searches from the header,
keeps only documents, opens one and downloads it. Then the same search by keyboard alone."""

import pytest
from playwright.sync_api import expect
from wagtail.models import BaseViewRestriction

from hub.accounts import roles
from resources.models import Resource
from search import registry
from tests.browser.conftest import DESKTOP, MOBILE, screenshot
from tests.factories.pages import guidance
from tests.factories.resources import collection, make_resource

TEXT = "How the council agreed a third-party top up with the family and the care home."


@pytest.fixture
def top_up_material(db):
    """Twelve public documents and one guidance page about top ups: more than a results page."""
    public = collection("Programme documents")
    for number in range(1, 13):
        make_resource(collection=public, title=f"Top up agreement template {number:02}", text=TEXT)
    # make_resource records the text without a save; project it as extraction would.
    registry.sync_many(Resource.objects.all())
    page = guidance("Top ups explained", summary="What a top up is and who pays it.")
    registry.sync(page)


def search_from_header(page, words):
    page.get_by_role("search", name="Site").get_by_label("Search the hub").fill(words)
    page.get_by_role("search", name="Site").get_by_role("button", name="Search").click()


def test_officer_finds_and_downloads_a_document(page, top_up_material):
    page.goto("/")
    search_from_header(page, "top up")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search the hub")
    expect(page.get_by_text("13 results, page 1 of 2")).to_be_visible()

    type_filter = page.get_by_role("group", name="Type")
    type_filter.get_by_label("Documents").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("12 results, page 1 of 2")).to_be_visible()
    screenshot(page, "journey-search-documents")

    page.get_by_role("link", name="Top up agreement template").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Top up agreement template")
    with page.expect_download() as arrival:
        page.get_by_role("link", name="Download").first.click()
    download = arrival.value
    assert download.suggested_filename.endswith(".txt")
    assert TEXT in download.path().read_text(encoding="utf-8")

    # The same search, filter and page change by keyboard alone (Tab, Enter and Space).
    page.goto("/")
    search_by_keyboard(page)
    assert page.problems == []


def press_until_focused(page, key, locator, limit=60):
    """Press ``key`` (Tab or Shift+Tab) until ``locator`` has focus, as a keyboard user would."""
    handle = locator.element_handle()
    for _ in range(limit):
        if page.evaluate("element => document.activeElement === element", handle):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{locator} never took focus after {limit} presses of {key}")


def search_by_keyboard(page):
    press_until_focused(page, "Tab", page.get_by_label("Search the hub"))
    page.keyboard.type("top up")
    page.keyboard.press("Enter")
    expect(page.get_by_text("13 results, page 1 of 2")).to_be_visible()

    document = page.get_by_role("group", name="Type").get_by_label("Documents")
    press_until_focused(page, "Tab", document)
    page.keyboard.press("Space")
    expect(document).to_be_checked()
    press_until_focused(page, "Tab", page.get_by_role("button", name="Apply filters"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("12 results, page 1 of 2")).to_be_visible()

    press_until_focused(page, "Tab", page.get_by_role("link", name="Next page"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("12 results, page 2 of 2")).to_be_visible()
    # The filter survives the page change.
    expect(page.get_by_role("group", name="Type").get_by_label("Documents")).to_be_checked()


def test_on_a_phone_results_come_before_the_filters(page, top_up_material):
    """A phone shows the results first, with the filters folded behind one control; a chosen
    filter keeps the panel open so the choice stays in view. Wide screens show it open."""
    page.set_viewport_size(MOBILE)
    page.goto("/search/?q=top+up")
    filters = page.locator("details[data-hub-filters]")
    expect(filters).not_to_have_attribute("open", "")
    expect(page.get_by_role("group", name="Type")).to_be_hidden()
    first_result = page.get_by_role("link", name="Top up agreement template").first
    summary = page.get_by_text("Filter results", exact=True)
    below_the_fold = first_result.bounding_box()["y"] >= page.viewport_size["height"]
    assert not below_the_fold, "the first result should show without scrolling"
    summary.click()
    page.get_by_role("group", name="Type").get_by_label("Documents").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("12 results, page 1 of 2")).to_be_visible()
    expect(page.get_by_text("Filter results (1 chosen)")).to_be_visible()
    expect(page.get_by_role("group", name="Type").get_by_label("Documents")).to_be_checked()

    page.set_viewport_size(DESKTOP)
    page.goto("/search/?q=top+up")
    expect(page.get_by_role("group", name="Type")).to_be_visible()
    assert page.problems == []


def test_suggestions_as_they_type_offer_only_what_the_reader_may_see(page, top_up_material):
    steering = collection(
        "Steering papers", restriction=BaseViewRestriction.GROUPS, groups=[roles.STEERING_GROUP]
    )
    secret = make_resource(collection=steering, title="Top up Quillmarsh minutes", text=TEXT)
    registry.sync(secret)
    page.goto("/")
    box = page.get_by_role("search", name="Site").get_by_label("Search the hub")
    box.press_sequentially("top u", delay=30)
    options = page.get_by_role("listbox", name="Suggestions").get_by_role("option")
    expect(options.first).to_be_visible()
    values = options.all_text_contents()
    assert "Top up agreement template 01" in values
    assert not [value for value in values if "Quillmarsh" in value]
    # Enter still searches for what was typed.
    box.press("Enter")
    expect(page.get_by_text("13 results, page 1 of 2")).to_be_visible()
    assert page.problems == []
