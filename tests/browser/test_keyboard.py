"""The header works by keyboard alone, and pages fit a 320px-wide screen (the width a 1280px
screen has at 400% zoom) without scrolling sideways."""

import pytest

from home.models import HomePage, StandardPage
from tests.browser.conftest import sign_in
from tests.factories import UserFactory

# What the focused element is called, as a person using a screen reader would hear it.
FOCUSED_NAME = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const label = el.labels && el.labels.length ? el.labels[0].textContent : null;
  return (el.getAttribute('aria-label') || label || el.textContent || el.value || '').trim();
}"""

# Visible focus: GOV.UK's style draws a box shadow (links, buttons) or an outline (fields).
FOCUS_IS_VISIBLE = """() => {
  const style = getComputedStyle(document.activeElement);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
    && style.outlineColor !== 'rgba(0, 0, 0, 0)';
  return outline || style.boxShadow !== 'none';
}"""


@pytest.fixture
def menu_page(db):
    page = StandardPage(title="Guidance", slug="guidance", show_in_menus=True)
    HomePage.objects.get().add_child(instance=page)
    return page


def tab_stops(page, count):
    stops = []
    for _ in range(count):
        page.keyboard.press("Tab")
        stops.append((page.evaluate(FOCUSED_NAME), page.evaluate(FOCUS_IS_VISIBLE)))
    return stops


def test_skip_link_comes_first_and_moves_focus_to_the_main_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    assert skip_link.evaluate("el => el === document.activeElement")
    assert skip_link.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_header_is_in_a_logical_order_with_visible_focus(page, menu_page):
    page.goto("/")
    stops = tab_stops(page, 7)
    assert [name for name, _ in stops] == [
        "Skip to main content",
        "Trailblazer Knowledge Hub",
        "Sign in",
        "Join the hub",
        "Search the hub",
        "Search",
        "Guidance",
    ]
    assert all(visible for _, visible in stops), stops


def test_signed_in_header_order_and_sign_out_focus(page):
    sign_in(page, UserFactory(first_name="Ada", last_name="Okafor"))
    page.goto("/")
    stops = tab_stops(page, 6)
    assert [name for name, _ in stops] == [
        "Skip to main content",
        "Trailblazer Knowledge Hub",
        "Your account",
        "Sign out",
        "Search the hub",
        "Search",
    ]
    assert all(visible for _, visible in stops), stops


@pytest.mark.parametrize("path", ["/", "/accounts/signup/"])
def test_no_sideways_scrolling_at_320px(page, path):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(path)
    if path.endswith("signup/"):
        page.get_by_role("button", name="Ask to join").click()
        page.locator(".govuk-error-summary").wait_for()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    # The search box and its button stay on screen.
    box = page.get_by_role("button", name="Search", exact=True).bounding_box()
    assert box["x"] + box["width"] <= 320


# GOV.UK draws a focused checkbox's ring on its label's box, since the input itself is invisible.
CHECKBOX_FOCUS_IS_VISIBLE = """() => {
  const label = document.activeElement.labels[0];
  return getComputedStyle(label, '::before').boxShadow !== 'none';
}"""


def tab_to(page, selector, limit=80):
    """Press Tab until the element matching ``selector`` has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is not reachable by Tab within {limit} presses")


@pytest.fixture
def search_entries(db):
    from tests.factories.search import SearchEntryFactory

    # Twelve documents and three pages about payments: a filter to choose and two pages of
    # documents to move between.
    for number in range(12):
        SearchEntryFactory(kind="resource", title=f"Payment schedule {number}", body="payment")
    for number in range(3):
        SearchEntryFactory(kind="page", title=f"Payment guidance {number}", body="payment")


def test_search_filters_and_pagination_work_by_keyboard_alone(page, search_entries):
    page.goto("/search/?q=payment")
    assert "15 results" in page.get_by_role("status").inner_text()

    tab_to(page, "input[name=kind][value=resource]")
    assert page.evaluate(CHECKBOX_FOCUS_IS_VISIBLE)
    page.keyboard.press("Space")
    assert page.get_by_label("Documents").is_checked()
    tab_to(page, ".hub-filters button[type=submit]")
    assert page.evaluate(FOCUS_IS_VISIBLE)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "kind=resource" in page.url
    assert "12 results, page 1 of 2" in page.get_by_role("status").inner_text()
    assert page.get_by_label("Documents").is_checked()

    tab_to(page, "a[rel=next]")
    assert page.evaluate(FOCUS_IS_VISIBLE)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "page=2" in page.url and "kind=resource" in page.url
    assert "12 results, page 2 of 2" in page.get_by_role("status").inner_text()
    assert page.get_by_role("link", name="Payment guidance").count() == 0
