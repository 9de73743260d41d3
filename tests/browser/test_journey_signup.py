"""A visitor asks to join, waits for approval, is approved by the programme team in the
Wagtail admin, and then reads members-only material: all by clicking and typing."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect
from wagtail.rich_text import RichText

from home.models import HomePage, StandardPage
from hub.accounts import roles
from tests.browser.conftest import DESKTOP, screenshot
from tests.factories import UserFactory
from tests.factories.pages import restrict

PASSWORD = "Marigold-lantern-42"


@pytest.fixture
def programme_pages(db):
    """A public page in the menu that links to a members-only briefing."""
    home = HomePage.objects.get()
    briefing = StandardPage(title="Quillmarsh briefing", slug="quillmarsh-briefing")
    home.add_child(instance=briefing)
    briefing.body = [("paragraph", RichText("<p>Quillmarsh: what the deep-dive sites found.</p>"))]
    briefing.save_revision().publish()
    restrict(briefing, "login")
    about = StandardPage(
        title="About the programme",
        slug="about",
        show_in_menus=True,
        body=[
            (
                "paragraph",
                RichText(
                    f'<p>Members can read the <a linktype="page" id="{briefing.pk}">'
                    "Quillmarsh briefing</a>.</p>"
                ),
            )
        ],
    )
    home.add_child(instance=about)
    return about, briefing


@pytest.fixture
def programme_team_member(db):
    return UserFactory(
        username="editor", first_name="Pat", last_name="Editor", roles=[roles.PROGRAMME_TEAM]
    )


def open_briefing(page):
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="About the programme"
    ).click()
    page.get_by_role("link", name="Quillmarsh briefing").click()


def sign_in(page, email):
    page.get_by_role("navigation", name="Your account").get_by_role("link", name="Sign in").click()
    page.get_by_label("Email address or username").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_visitor_joins_is_approved_and_reads_members_material(
    page, browser, live_server, programme_pages, programme_team_member
):
    # The visitor asks to join.
    page.goto("/")
    page.get_by_role("navigation", name="Your account").get_by_role(
        "link", name="Join the hub"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Join the hub")
    page.get_by_label("Full name").fill("Ada Okafor")
    page.get_by_label("Work email address").fill("ada.okafor@testshire.example")
    page.get_by_label("Job title").fill("Direct payments lead")
    page.get_by_label("Local authority members").check()
    page.get_by_label("Why do you want to join? (optional)").fill("We start in April.")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Ask to join").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request received")
    screenshot(page, "journey-signup-done")

    # Signed in but still pending, the members-only briefing says so.
    page.get_by_role("main").get_by_role("link", name="Sign in").click()
    page.get_by_label("Email address or username").fill("ada.okafor@testshire.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Awaiting approval")).to_be_visible()
    open_briefing(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have access to this page")
    expect(page.get_by_text("waiting for approval")).to_be_visible()
    expect(page.get_by_text("Quillmarsh: what the deep-dive sites found")).to_have_count(0)

    # The programme team approves the request in the Wagtail admin.
    admin = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    admin_page = admin.new_page()
    admin_page.goto("/admin/login/")
    admin_page.get_by_label(re.compile("username|email", re.I)).fill("editor")
    admin_page.get_by_label("Password").fill("correct horse battery")
    admin_page.get_by_role("button", name="Sign in").click()
    admin_page.get_by_role("link", name="Sign-up requests").click()
    expect(admin_page.get_by_text("ada.okafor@testshire.example")).to_be_visible()
    admin_page.get_by_role("button", name="Approve Ada Okafor").click()
    expect(admin_page.get_by_text("Ada Okafor is now a member")).to_be_visible()
    expect(admin_page.get_by_text("No one is waiting for approval.")).to_be_visible()
    admin.close()
    # The applicant hears by email.
    assert [m.subject for m in mail.outbox if m.to == ["ada.okafor@testshire.example"]] == [
        "Your Trailblazer Knowledge Hub account is ready"
    ]

    # The new member signs in again and reads the briefing.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "ada.okafor@testshire.example")
    expect(page.get_by_text("Awaiting approval")).to_have_count(0)
    open_briefing(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Quillmarsh briefing")
    expect(page.get_by_text("Quillmarsh: what the deep-dive sites found")).to_be_visible()
    screenshot(page, "journey-member-reads-briefing")
