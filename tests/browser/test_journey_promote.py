"""An editor makes a public copy of a steering paper with one paragraph left out; an anonymous
reader finds the copy by search and never meets the words left out."""

import re

from playwright.sync_api import expect

from hub.accounts import roles
from tests.browser.conftest import DESKTOP, axe_violations, screenshot, sign_in
from tests.factories import UserFactory
from tests.home.promotion_helpers import CANARY, steering_paper


def test_an_editor_shares_a_steering_paper_without_its_private_paragraph(
    page, browser, live_server
):
    paper = steering_paper()
    editor = UserFactory(roles=[roles.PROGRAMME_TEAM])
    sign_in(page, editor)
    page.goto(paper.url)
    page.get_by_role("link", name=re.compile("Make a public copy")).click()
    expect(page.get_by_role("heading", name="Make a public copy")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "journey-promote-screen")

    # The passage with the canary is found by its text and removed by its own checkbox.
    secret = page.locator("[id^=passage-]", has_text=f"The {CANARY} budget line")
    box = page.locator(f"[aria-describedby='{secret.get_attribute('id')}']")
    box.check()
    expect(box).to_be_checked()
    page.get_by_label("Title of the public copy").fill("How the rollout will run")
    page.get_by_role("button", name="Publish the public copy").click()

    expect(page.get_by_text("The public copy “How the rollout will run” is live.")).to_be_visible()
    expect(page.get_by_text(f"The {CANARY} budget line is not agreed yet.")).to_be_visible()
    screenshot(page, "journey-promote-record")

    # An anonymous reader searches, finds the copy and reads it: the removed words never show.
    reader_context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    reader_context.set_default_timeout(10_000)
    reader = reader_context.new_page()
    reader.goto("/search/?q=residents+choose+their+own+home")
    reader.get_by_role("link", name="How the rollout will run").click()
    expect(reader.get_by_role("heading", name="How the rollout will run")).to_be_visible()
    expect(reader.get_by_text("Residents choose their own home")).to_be_visible()
    expect(reader.get_by_role("link", name="the public guide")).to_be_visible()
    expect(reader.get_by_role("link", name="the minutes")).to_have_count(0)
    assert CANARY not in reader.content()
    assert axe_violations(reader) == []
    screenshot(reader, "journey-promote-public-copy")

    reader.goto(f"/search/?q={CANARY.lower()}")
    assert CANARY not in reader.content()
    expect(reader.get_by_role("link", name="How the rollout will run")).to_have_count(0)
    reader_context.close()
    assert page.problems == []
