"""A member chooses to show their email address on their account page; a member of another
council finds them on /people/ by region and name and sees it; an anonymous visitor opens
the council's page and sees what it shared, but not its people."""

from playwright.sync_api import expect

from hub.accounts import roles
from hub.accounts.models import User
from tests.browser.conftest import screenshot, sign_in
from tests.factories import OrganisationFactory, UserFactory


def colleagues():
    """Two people in two councils, in two regions, and one more in the first region (made
    once: the accessibility and markup tests ask for them page after page)."""
    made = User.objects.filter(last_name__in=["Carrow", "Haldane"]).order_by("last_name")
    if len(made) == 2:
        return tuple(made)
    wrexby = OrganisationFactory(
        name="Wrexby Council", slug="wrexby-council", region="North West", is_trailblazer=True
    )
    holmfirth = OrganisationFactory(name="Holmvale Council", region="Yorkshire and the Humber")
    sharer = UserFactory(
        first_name="Nia",
        last_name="Carrow",
        email="nia.carrow@wrexby.example",
        job_title="Direct payments lead",
        organisation=wrexby,
        roles=[roles.TRAILBLAZER_STAFF],
    )
    UserFactory(first_name="Ned", last_name="Carrick", organisation=wrexby)
    seeker = UserFactory(
        first_name="Omar",
        last_name="Haldane",
        organisation=holmfirth,
        roles=[roles.LOCAL_AUTHORITY_MEMBERS],
    )
    return sharer, seeker


def test_a_member_shares_their_email_and_another_council_finds_it(page, live_server, db):
    sharer, seeker = colleagues()

    sign_in(page, sharer)
    page.goto("/account/")
    page.get_by_label("Show my email address to other approved members").check()
    page.get_by_role("button", name="Save what others see").click()
    expect(page.get_by_text("Your choices about what other members see are saved.")).to_be_visible()
    expect(page.get_by_label("Show my email address to other approved members")).to_be_checked()
    expect(page.get_by_label("Show my job title to other approved members")).not_to_be_checked()

    page.context.clear_cookies()
    sign_in(page, seeker)
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    page.get_by_label("Region").select_option("North West")
    page.get_by_label("Name, organisation or job title").fill("carrow")
    page.get_by_role("button", name="Find people").click()
    expect(page.get_by_role("status")).to_have_text("1 person")
    card = page.locator(".hub-card", has_text="Nia Carrow")
    expect(card.get_by_role("link", name="nia.carrow@wrexby.example")).to_be_visible()
    expect(card.get_by_role("link", name="Wrexby Council")).to_be_visible()
    # The job title stays hers: she did not choose to show it.
    expect(card).not_to_contain_text("Direct payments lead")
    expect(page.get_by_text("Ned Carrick")).to_have_count(0)
    screenshot(page, "journey-people-found")

    page.context.clear_cookies()
    page.goto("/people/")
    expect(page).to_have_url(live_server.url + "/accounts/login/?next=/people/")
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Organisations").click()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="People")
    ).to_have_count(0)
    page.get_by_label("Name").fill("wrexby")
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("link", name="Wrexby Council").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wrexby Council")
    expect(page.get_by_text("Trailblazer site", exact=True)).to_be_visible()
    expect(page.get_by_text("Approved members of the hub can see who works here.")).to_be_visible()
    expect(page.get_by_text("Nia Carrow")).to_have_count(0)
    expect(page.get_by_text("nia.carrow@wrexby.example")).to_have_count(0)
    screenshot(page, "journey-people-organisation-anonymous")
