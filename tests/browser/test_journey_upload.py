"""A trailblazer uploads a Word document from the library, sees its text read, and finds it
again by a phrase that appears only inside the file."""

import pytest
from playwright.sync_api import expect
from wagtail.models import BaseViewRestriction

from hub.accounts import roles
from tests.browser.conftest import screenshot, sign_in
from tests.factories import UserFactory
from tests.factories.resources import collection, grant, write_sample

PHRASE = "Marlowgate residents chose their own rooms"


@pytest.fixture
def trailblazer(db):
    # Members only: a document for everyone would wait for review (test_journey_review.py).
    shared = collection("Trailblazer learning", restriction=BaseViewRestriction.LOGIN)
    grant(roles.TRAILBLAZER_STAFF, shared)
    return UserFactory(first_name="Tariq", roles=[roles.TRAILBLAZER_STAFF])


def test_trailblazer_uploads_a_docx_and_finds_it_by_its_text(page, trailblazer, tmp_path):
    path = write_sample(
        "docx", f"Lessons from the first year.\n{PHRASE} after the move.", directory=tmp_path
    )
    sign_in(page, trailblazer)
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Documents").click()
    page.get_by_role("link", name="Upload a document").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload a document")
    page.get_by_label("File").set_input_files(str(path))
    page.get_by_label("Title").fill("First year lessons")
    page.get_by_label("Collection").select_option(label="Trailblazer learning – approved members")
    page.get_by_role("button", name="Upload").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("First year lessons")
    expect(page.get_by_text("“First year lessons” was uploaded.")).to_be_visible()
    # Extraction runs in the background; the page says when it is done. A reader would reload.
    text_row = page.locator(".govuk-summary-list__row", has_text="Text")
    for _ in range(5):
        if text_row.locator("dd").inner_text().strip() == "Done":
            break
        page.wait_for_timeout(500)
        page.reload()
    expect(text_row.locator("dd")).to_have_text("Done")
    expect(page.get_by_text(PHRASE)).to_be_visible()
    screenshot(page, "journey-upload-done")

    search = page.get_by_role("search", name="Site")
    search.get_by_label("Search the hub").fill(f'"{PHRASE}"')
    search.get_by_role("button", name="Search").click()
    expect(page.get_by_text("1 result", exact=True)).to_be_visible()
    page.get_by_role("link", name="First year lessons").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("First year lessons")
    assert page.problems == []
