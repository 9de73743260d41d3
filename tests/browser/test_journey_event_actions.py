"""An editor adds actions to a learning event in the page editor; the owner's officer opens a
discussion from one in one click; its accepted answer closes the action, and the event page
shows where it ended."""

import re

import pytest
from playwright.sync_api import expect

from discussions import services
from discussions.models import Thread
from hub.accounts import roles
from tests.browser.conftest import DESKTOP, screenshot, sign_in
from tests.factories import UserFactory
from tests.factories import pages as f
from tests.factories.accounts import OrganisationFactory

ACTION = "Share the contract variation for top-ups with every site"


@pytest.fixture
def people(db):
    council = OrganisationFactory(name="Milton Keynes Council", is_trailblazer=True)
    return {
        "council": council,
        "editor": UserFactory(username="editor", roles=[roles.PROGRAMME_TEAM]),
        "officer": UserFactory(organisation=council, roles=[roles.TRAILBLAZER_STAFF]),
        "helper": UserFactory(roles=[roles.TRAILBLAZER_STAFF]),
    }


def test_an_action_becomes_a_thread_and_its_answer_closes_it(page, browser, live_server, people):
    event = f.event("Spring learning event")
    admin = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    admin.set_default_timeout(10_000)
    editing = admin.new_page()
    editing.goto("/admin/login/")
    editing.get_by_label(re.compile("username|email", re.I)).fill("editor")
    editing.get_by_label("Password").fill("correct horse battery")
    editing.get_by_role("button", name="Sign in").click()

    editing.goto(f"/admin/pages/{event.pk}/edit/")
    editing.get_by_role("button", name="Add action").click()
    editing.locator("[name='actions-0-text']").fill(ACTION)
    editing.get_by_role("button", name=re.compile("Choose (an? )?organisation", re.I)).click()
    editing.get_by_role("dialog").get_by_role("link", name="Milton Keynes Council").click()
    expect(editing.locator("[name='actions-0-owner']")).to_have_value(str(people["council"].pk))
    editing.locator("[name='actions-0-due_on']").fill("2031-03-31")
    editing.get_by_role("button", name="More actions").click()
    editing.get_by_role("button", name="Publish").click()
    expect(
        editing.get_by_text(re.compile("Page 'Spring learning event' has been published"))
    ).to_be_visible()
    admin.close()

    # The owner's officer sees the action on the event page and opens its discussion.
    sign_in(page, people["officer"])
    page.goto(event.url)
    actions = page.get_by_role("table", name=re.compile("Actions agreed at this event"))
    expect(actions).to_contain_text(ACTION)
    expect(actions).to_contain_text("Milton Keynes Council")
    expect(actions).to_contain_text("31 March 2031")
    actions.get_by_role("button", name="Open a discussion about this action").click()
    expect(page.get_by_text("From the action agreed at")).to_be_visible()
    thread = Thread.objects.get()

    # Someone answers; the officer, who asked, accepts the answer.
    services.reply_create(
        author=people["helper"],
        thread=thread,
        body="Ours is clause 4 of the contract.",
        notify=False,
    )
    page.reload()
    page.get_by_role("button", name="This answered my question").click()
    expect(page.get_by_text("Accepted answer").first).to_be_visible()

    # Back on the event: done, and ended by that answer.
    page.get_by_role("link", name="Spring learning event").first.click()
    actions = page.get_by_role("table", name=re.compile("Actions agreed at this event"))
    expect(actions).to_contain_text("Done")
    expect(actions).to_contain_text(f"Accepted answer: {thread.title}")
    expect(actions.get_by_role("link", name=thread.title, exact=True)).to_be_visible()
    screenshot(page, "journey-event-action-closed")
    assert page.problems == []
