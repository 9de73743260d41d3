"""An editor opens /readiness/, filters to a region, sees why a council is getting ready (amber)
and downloads the councils shown as CSV."""

import datetime
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from hub.accounts import roles
from hub.accounts.models import Organisation
from hub.models import ActivityEvent
from tests.browser.conftest import screenshot, sign_in
from tests.factories import OrganisationFactory, UserFactory
from tests.factories.pages import GuidancePageFactory


def readiness_councils():
    """A ready council in London, one getting ready in the South West, a silent one."""
    key = GuidancePageFactory(title="Key guidance", is_key=True)
    made = {}
    for name, region in (
        ("Ashby Council", "London"),
        ("Brill Council", "South West"),
        ("Crane Council", "North East"),
    ):
        made[name] = OrganisationFactory(
            name=name, region=region, kind=Organisation.Kind.LOCAL_AUTHORITY
        )
    for name, days_ago in (("Ashby Council", 1), ("Brill Council", 90)):
        UserFactory(organisation=made[name], roles=[roles.LOCAL_AUTHORITY_MEMBERS])
        ActivityEvent.objects.create(
            organisation=made[name],
            kind=ActivityEvent.Kind.GUIDANCE_READ,
            object_key=f"page:{key.pk}",
            day=timezone.localdate() - datetime.timedelta(days=days_ago),
            count=2,
        )
    scie = OrganisationFactory(name="SCIE", kind=Organisation.Kind.PROGRAMME_BODY)
    return UserFactory(username="editor", organisation=scie, roles=[roles.PROGRAMME_TEAM])


def test_editor_filters_to_a_region_sees_why_and_downloads_csv(page, live_server, db):
    editor = readiness_councils()
    sign_in(page, editor)
    page.goto("/readiness/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rollout readiness")

    page.get_by_label("Region", exact=True).select_option("South West")
    page.get_by_role("button", name="Show councils").click()
    expect(page.get_by_text("Showing 1 of 3 councils in South West.")).to_be_visible()
    row = page.get_by_role("row", name="Brill Council")
    expect(row.get_by_text("Getting ready")).to_be_visible()
    expect(row).to_contain_text("last active 90 days ago (needs 60 or fewer)")
    expect(page.get_by_role("row", name="Ashby Council")).to_have_count(0)
    screenshot(page, "readiness-south-west")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download these councils as CSV").click()
    download = download_info.value
    assert download.suggested_filename == "readiness.csv"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert "Brill Council" in text and "Ashby Council" not in text
    assert "Getting ready" in text
