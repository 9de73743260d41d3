"""A member asks a question with tags, another member answers, the asker hears by email (through
a real SMTP server), follows the link in it and accepts the answer."""

import re
from email import policy
from email.parser import BytesParser

import pytest
from playwright.sync_api import expect

from discussions.models import Thread
from hub.accounts import roles
from tests.browser.conftest import DESKTOP, screenshot, sign_in
from tests.factories import UserFactory

TITLE = "How did you agree third-party top-ups with families?"


@pytest.fixture
def live_inbox(smtp_inbox, live_server, settings):
    """The suite's real SMTP server, with links in the emails pointing at the live server (it
    runs in a thread of this process, so overridden settings reach it)."""
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    return smtp_inbox


def plain_text(message):
    parsed = BytesParser(policy=policy.default).parsebytes(message.as_bytes())
    return parsed.get_body(preferencelist=("plain",)).get_content()


def test_question_answered_by_another_member_and_accepted(page, browser, live_server, live_inbox):
    asker = UserFactory(
        first_name="Asha", last_name="Patel", email="asha@testshire.example",
        roles=[roles.LOCAL_AUTHORITY_MEMBERS],
    )  # fmt: skip
    answerer = UserFactory(first_name="Bryn", last_name="Hughes", roles=[roles.TRAILBLAZER_STAFF])

    # The asker posts a question with two tags.
    sign_in(page, asker)
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Discussions").click()
    page.get_by_role("link", name="Ask a question").click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Details").fill("Families want to pay the difference. What did you sign?")
    page.get_by_label("Tags").fill("top-ups, contracts")
    page.get_by_role("button", name="Post your question").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name="top-ups", exact=True)).to_be_visible()
    expect(main.get_by_role("link", name="contracts", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Stop following")).to_be_visible()

    # A second member finds it in the list and answers.
    other = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    other_page = other.new_page()
    other_page.base_url = live_server.url
    sign_in(other_page, answerer)
    other_page.goto("/")
    other_page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Discussions"
    ).click()
    other_page.get_by_role("link", name=TITLE).click()
    other_page.get_by_label("Your reply").fill(
        "We used a three-way agreement signed by the council, the home and the family."
    )
    other_page.get_by_role("button", name="Post reply").click()
    expect(other_page.get_by_text("We used a three-way agreement")).to_be_visible()
    other.close()
    assert page.problems == []

    # The asker, who follows the question, is told by email through the SMTP server.
    assert [m["To"] for m in live_inbox] == ["asha@testshire.example"]
    email = live_inbox[0]
    assert email["Subject"] == f"New reply: {TITLE}"
    body = plain_text(email)
    assert "three-way agreement" in body
    link = re.search(rf"{re.escape(live_server.url)}/\S+", body).group(0)

    # The link in the email (opened in a new tab, as from a mail program) leads to the answer,
    # which the asker accepts.
    page = page.context.new_page()
    page.goto(link)
    page.get_by_role("button", name="This answered my question").click()
    expect(page.get_by_text("Accepted answer")).to_be_visible()
    expect(page.get_by_role("button", name="Unmark as the answer")).to_be_visible()
    screenshot(page, "journey-question-answered")
    thread = Thread.objects.get(title=TITLE)
    assert thread.accepted_reply.author == answerer
