"""An Enfield officer uploads to the public library: the document stays hidden from readers until
the programme team approves it, and the officer cannot credit the Department of Health."""

from playwright.sync_api import expect

from hub.accounts import roles
from hub.accounts.models import Organisation
from tests.browser.conftest import screenshot, sign_in
from tests.factories import OrganisationFactory, UserFactory
from tests.factories.resources import collection, grant, write_sample

TITLE = "Enfield top-up agreement"
PHRASE = "Wrenholt families agree the top-up in writing"


def _search(page, words):
    search = page.get_by_role("search", name="Site")
    search.get_by_label("Search the hub").fill(words)
    search.get_by_role("button", name="Search").click()


def test_an_officers_public_upload_waits_for_the_programme_team(page, db, tmp_path):
    enfield = OrganisationFactory(name="London Borough of Enfield", is_trailblazer=True)
    department = OrganisationFactory(
        name="Department of Health", kind=Organisation.Kind.PROGRAMME_BODY
    )
    public = collection("Public library")
    grant(roles.TRAILBLAZER_STAFF, public, ["add_document", "choose_document"])
    grant(roles.PROGRAMME_TEAM, public)
    officer = UserFactory(
        username="trailblazer", first_name="Tariq", organisation=enfield,
        roles=[roles.TRAILBLAZER_STAFF],
    )  # fmt: skip
    editor = UserFactory(
        username="editor", email="editor@scie.example", roles=[roles.PROGRAMME_TEAM]
    )
    path = write_sample("docx", f"How we did it.\n{PHRASE}.", directory=tmp_path)

    sign_in(page, officer)
    page.goto("/resources/upload/")
    organisations = page.get_by_label("Organisation").locator("option").all_inner_texts()
    assert department.name not in organisations
    assert enfield.name in organisations
    assert "Guidance" not in page.get_by_label("Kind").locator("option").all_inner_texts()

    # A forged form that credits the Department of Health is refused, with the reason.
    page.get_by_label("File").set_input_files(str(path))
    page.get_by_label("Title").fill(TITLE)
    page.evaluate(
        "([id, name]) => document.querySelector('#id_organisation').add(new Option(name, id))",
        [department.pk, department.name],
    )
    page.get_by_label("Organisation").select_option(label=department.name)
    page.get_by_role("button", name="Upload").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("You can only credit your own organisation.")
    screenshot(page, "journey-review-forged-credit")

    page.get_by_label("File").set_input_files(str(path))
    page.get_by_label("Organisation").select_option(label=enfield.name)
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("The programme team will check it before everyone")).to_be_visible()
    expect(page.locator("main").get_by_text("Waiting for review")).to_be_visible()
    document_url = page.url

    # A reader cannot open it or find it.
    page.context.clear_cookies()
    page.goto(document_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert TITLE not in page.content()
    page.goto("/")
    _search(page, TITLE)
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)

    # The programme team approves it from the queue.
    sign_in(page, editor)
    page.goto("/resources/")
    page.get_by_role("link", name="Documents waiting for review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Documents waiting for review")
    screenshot(page, "journey-review-queue")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_label("Add it to the library").check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_text(f"“{TITLE}” is now in the library.")).to_be_visible()
    expect(page.get_by_text("Nothing is waiting for review.")).to_be_visible()

    # Now everyone can open and find it.
    page.context.clear_cookies()
    page.goto(document_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("main").get_by_text("Waiting for review")).to_have_count(0)
    page.goto("/")
    _search(page, TITLE)
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    assert page.problems == []
