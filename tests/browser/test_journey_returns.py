"""An evaluator sets up a round and sends it, a trailblazer submits their site's return, another
site's trailblazer sees nothing of it, and the evaluator downloads the answers as CSV."""

import csv
import io

import pytest
from playwright.sync_api import expect

from hub.accounts import roles
from tests.browser.conftest import screenshot, sign_in
from tests.factories import OrganisationFactory, UserFactory
from tests.returns.helpers import private_files

CANARY = "Pellucidrain"


@pytest.fixture
def people(db, settings, tmp_path):
    private_files(settings, tmp_path / "returns")
    enfield = OrganisationFactory(name="Enfield (journey)", is_trailblazer=True)
    redbridge = OrganisationFactory(name="Redbridge (journey)", is_trailblazer=True)
    return {
        "evaluator": UserFactory(first_name="Eve", roles=[roles.EVALUATORS]),
        "officer": UserFactory(
            first_name="Tariq", organisation=enfield, roles=[roles.TRAILBLAZER_STAFF]
        ),
        "neighbour": UserFactory(
            first_name="Rhea", organisation=redbridge, roles=[roles.TRAILBLAZER_STAFF]
        ),
    }


def test_a_round_from_the_evaluators_to_a_site_and_back_as_csv(page, people):
    sign_in(page, people["evaluator"])
    page.goto("/returns/")
    page.get_by_role("link", name="New round").click()
    page.get_by_label("Title").fill("Winter return")
    page.get_by_label("Due date").fill("2031-01-31")
    page.get_by_label("Enfield (journey)").check()
    page.get_by_label("Redbridge (journey)").check()
    first = page.get_by_role("group", name="Question 1")
    first.get_by_label("Question").fill("How many direct payments?")
    first.get_by_label("Answer type").select_option("number")
    second = page.get_by_role("group", name="Question 2")
    second.get_by_label("Question").fill("What got in the way?")
    second.get_by_label("Answer type").select_option("multiline")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Winter return")
    page.get_by_role("button", name="Send to the sites").click()
    expect(page.get_by_text("“Winter return” was sent to its sites.")).to_be_visible()
    screenshot(page, "journey-returns-round")

    page.context.clear_cookies()
    sign_in(page, people["officer"])
    page.goto("/returns/")
    page.get_by_role("link", name="Winter return").click()
    page.get_by_label("How many direct payments?").fill("17")
    page.get_by_label("What got in the way?").fill(f"{CANARY} contract wording")
    page.get_by_role("button", name="Submit the return").click()
    expect(page.get_by_text("Your return was submitted (revision 1).")).to_be_visible()
    expect(page.get_by_role("link", name="Revision 1")).to_be_visible()
    return_url = page.url
    screenshot(page, "journey-returns-submitted")

    page.context.clear_cookies()
    sign_in(page, people["neighbour"])
    page.goto("/returns/")
    expect(page.get_by_role("link", name="Winter return")).to_be_visible()
    assert CANARY not in page.content()
    response = page.goto(return_url)
    assert response.status == 404
    assert CANARY not in page.content()

    page.context.clear_cookies()
    sign_in(page, people["evaluator"])
    page.goto("/returns/")
    page.get_by_role("link", name="Winter return").click()
    row = page.get_by_role("row", name="Enfield (journey)")
    expect(row.get_by_text("Submitted")).to_be_visible()
    expect(
        page.get_by_role("row", name="Redbridge (journey)").get_by_text("Not started")
    ).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the answers (CSV)").click()
    with open(download.value.path(), encoding="utf-8") as handle:
        rows = list(csv.reader(io.StringIO(handle.read())))
    assert rows[0][-2:] == ["How many direct payments?", "What got in the way?"]
    by_site = {r[0]: r for r in rows[1:]}
    assert by_site["Enfield (journey)"][-2:] == ["17", f"{CANARY} contract wording"]
    assert by_site["Redbridge (journey)"][1] == "Not started"
    assert page.problems == []
