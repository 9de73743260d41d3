"""An editor in the programme team publishes guidance in the Wagtail admin, and a reader with
no account finds it by searching for words from its body."""

import re

import pytest
from playwright.sync_api import expect

from home.models import GuidanceIndexPage
from hub.accounts import roles
from tests.browser.conftest import DESKTOP, screenshot
from tests.factories import UserFactory
from tests.factories.pages import index_page

TITLE = "Agreeing a top-up with a family"


@pytest.fixture
def editor(db):
    index_page(GuidanceIndexPage, "Guidance")
    return UserFactory(username="editor", roles=[roles.PROGRAMME_TEAM])


def test_editor_publishes_guidance_and_a_reader_finds_it(page, browser, live_server, editor):
    admin = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    admin.set_default_timeout(10_000)
    editing = admin.new_page()
    editing.goto("/admin/login/")
    editing.get_by_label(re.compile("username|email", re.I)).fill("editor")
    editing.get_by_label("Password").fill("correct horse battery")
    editing.get_by_role("button", name="Sign in").click()

    # Through the page explorer to the guidance section.
    editing.get_by_role("button", name="Pages").click()
    editing.get_by_role("dialog", name="Page explorer").get_by_role(
        "link", name="View child pages of 'Trailblazer Knowledge Hub'"
    ).click()
    expect(editing.get_by_role("heading", level=1)).to_contain_text("Trailblazer Knowledge Hub")
    editing.get_by_role("link", name="Guidance", exact=True).first.click()
    expect(editing.get_by_role("heading", level=1)).to_contain_text("Guidance")
    editing.get_by_role("link", name=re.compile("Add child page")).first.click()
    expect(editing.get_by_role("heading", level=1)).to_have_text("New: Guidance")

    # Only guidance may go here, so the form opens at once.
    editing.get_by_role("textbox", name="Title*").fill(TITLE)
    editing.get_by_role("combobox", name="Audience*").select_option(label="Councils")
    editing.get_by_role("textbox", name="Summary*").fill("What to agree before the first payment.")
    body = editing.get_by_role("region", name="Body*")
    body.get_by_role("button", name="Insert a block").click()
    editing.get_by_role("option", name="Paragraph").click()
    paragraph = body.get_by_role("region", name="Paragraph").get_by_role("textbox")
    paragraph.click()
    editing.keyboard.type("Write down who pays the Pellinore supplement and when it is reviewed.")
    expect(paragraph).to_contain_text("Pellinore supplement")
    # Draftail copies its content into the form a moment after typing stops.
    editing.wait_for_function(
        """() => [...document.querySelectorAll('input[name^="body-"]')]
            .some(input => input.value.includes('Pellinore'))"""
    )
    editing.get_by_role("button", name="More actions").click()
    editing.get_by_role("button", name="Publish").click()
    # (Wagtail may have autosaved a draft already, so either wording means it is live.)
    expect(
        editing.get_by_text(re.compile(f"Page '{TITLE}' (created and|has been) published"))
    ).to_be_visible()
    screenshot(editing, "journey-editor-published-guidance")
    admin.close()

    # A reader with no account searches for a word from the body.
    page.goto("/")
    search = page.get_by_role("search", name="Site")
    search.get_by_label("Search the hub").fill("Pellinore supplement")
    search.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("Write down who pays the Pellinore supplement")).to_be_visible()
    assert page.problems == []
