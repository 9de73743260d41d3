"""A council officer's week: a members-only link shared by email works after signing in, stale
guidance says so, and a moderator's fixes to a thread hold."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from discussions import services
from hub.accounts import roles
from tests.browser.conftest import sign_in
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
