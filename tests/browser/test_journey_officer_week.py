"""A council officer's week: a members-only link shared by email works after signing in, stale
guidance says so, and a moderator's fixes to a thread hold."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from discussions import services
from hub.accounts import roles
from search import registry
from tests.browser.conftest import MOBILE, sign_in
from tests.factories import UserFactory
from tests.factories import pages as make
from tests.factories.discussions import make_reply, make_thread


def test_a_signed_out_officer_follows_a_members_only_link_and_lands_on_it(page, db):
    officer = UserFactory(username="enfield.officer", roles=[roles.LOCAL_AUTHORITY_MEMBERS])
    thread = make_thread(area="members", title="How do you review third-party top-ups?")
    page.goto(thread.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_text("If you have an account, sign in to see it.")).to_be_visible()
    assert "top-ups" not in page.content()

    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Email address or username").fill(officer.username)
    page.get_by_label("Password").fill("correct horse battery")
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(thread.title)
    assert page.url.endswith(thread.get_absolute_url())


def test_a_reader_sees_that_guidance_is_overdue_and_what_it_replaced(page, db):
    due = timezone.localdate() - datetime.timedelta(days=31)
    newer = make.guidance("Current advice on top-ups", review_by=due)
    make.guidance("Earlier advice on top-ups", superseded_by=newer)
    page.goto(newer.get_parent().url)
    earlier = page.locator(".hub-card", has_text="Earlier advice on top-ups")
    expect(earlier.get_by_text("Replaced", exact=True)).to_be_visible()
    page.get_by_role("link", name="Current advice on top-ups").click()
    expect(
        page.get_by_text(f"This guidance is due for review since {due:%-d %B %Y}.")
    ).to_be_visible()
    expect(page.locator("dl").get_by_role("link", name="Earlier advice on top-ups")).to_be_visible()


def test_a_moderators_fixes_to_a_thread_hold(page, db):
    moderator = UserFactory(roles=[roles.PROGRAMME_TEAM])
    thread = make_thread(area="evaluators", title="What did the fieldwork find on top-ups?")
    answer = make_reply(thread=thread, body="Families paid top-ups in most homes.")
    services.answer_accept(user=thread.author, thread=thread, reply=answer)
    sign_in(page, moderator)
    page.goto(thread.get_absolute_url())

    answer_item = page.locator(f"#reply-{answer.pk}")
    answer_item.get_by_role("button", name="Hide reply").click()
    expect(page.get_by_text("It was the accepted answer")).to_be_visible()
    page.locator(f"#reply-{answer.pk}").get_by_role("button", name="Show reply").click()
    expect(page.locator("h1 + p").get_by_text("Solved")).to_be_visible()

    page.get_by_label("Move to area").select_option("members")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(
        page.get_by_text(
            "The question and its 1 reply will become visible to every approved member."
        )
    ).to_be_visible()
    page.get_by_role("button", name="Move it").click()
    expect(page.get_by_text("The discussion is moved to “Approved members”.")).to_be_visible()

    page.get_by_role("button", name="Lock", exact=True).click()
    expect(page.get_by_text("The discussion is locked.")).to_be_visible()


def test_a_reader_sees_the_replaced_mark_in_search_and_opens_a_suggestion_by_keyboard(page, db):
    newer = make.guidance("Current advice on quillwort top-ups")
    older = make.guidance("Earlier advice on quillwort top-ups", superseded_by=newer)
    registry.sync_many([newer, older])
    page.goto("/search/?q=quillwort")
    earlier_hit = page.locator(".hub-search-results li", has_text="Earlier advice")
    expect(earlier_hit.get_by_text("Replaced", exact=True)).to_be_visible()
    expect(earlier_hit.get_by_text("Newer guidance replaces this page.")).to_be_visible()
    current_hit = page.locator(".hub-search-results li", has_text="Current advice")
    expect(current_hit).to_be_visible()
    expect(current_hit.get_by_text("Replaced", exact=True)).to_have_count(0)

    page.goto("/")
    box = page.get_by_role("combobox", name="Search the hub")
    box.press_sequentially("quillw", delay=30)
    listbox = page.get_by_role("listbox", name="Suggestions")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.locator(".hub-search-box .hub-suggestions__count")).to_have_text(
        "2 suggestions. Use the up and down arrows to choose one and Enter to open it."
    )
    box.press("ArrowDown")
    box.press("ArrowDown")
    chosen = listbox.get_by_role("option", selected=True)
    expect(chosen).to_have_count(1)
    expect(box).to_have_attribute("aria-activedescendant", chosen.get_attribute("id"))
    box.press("ArrowUp")
    title = listbox.get_by_role("option", selected=True).text_content()
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press("ArrowDown")
    expect(listbox.get_by_role("option", selected=True)).to_have_text(title)
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert page.problems == []


def test_on_a_phone_the_menu_button_opens_the_navigation(page, db):
    page.set_viewport_size(MOBILE)
    page.goto("/")
    menu = page.get_by_role("button", name="Menu")
    navigation = page.get_by_role("navigation", name="Main")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(navigation.get_by_role("link", name="Discussions")).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(navigation.get_by_role("link", name="Discussions")).to_be_visible()
    menu.click()
    expect(navigation.get_by_role("link", name="Discussions")).to_be_hidden()
    assert page.problems == []


def test_without_script_the_navigation_links_show_on_a_phone(
    browser, live_server, django_db_serialized_rollback
):
    context = browser.new_context(
        base_url=live_server.url, viewport=MOBILE, java_script_enabled=False
    )
    try:
        tab = context.new_page()
        tab.goto("/")
        navigation = tab.get_by_role("navigation", name="Main")
        expect(navigation.get_by_role("link", name="Discussions")).to_be_visible()
        expect(tab.get_by_role("button", name="Menu")).to_be_hidden()
    finally:
        context.close()


def test_on_a_phone_the_library_lists_documents_before_its_filters(page, db):
    page.set_viewport_size(MOBILE)
    page.goto("/resources/")
    filters = page.get_by_text("Filter documents", exact=True)
    expect(filters).to_be_visible()
    expect(page.get_by_role("button", name="Apply filters")).to_be_hidden()
    filters.click()
    expect(page.get_by_role("button", name="Apply filters")).to_be_visible()
    assert page.problems == []
