"""What readers and editors notice on each family: filters, banners, change notes, the overdue
report, sites collecting their documents and examples, and the calendar files."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction

from home.models import GuidanceChange
from hub.accounts import roles
from resources.models import Resource
from tests.factories import OrganisationFactory
from tests.factories import pages as f


def text(response):
    assert response.status_code == 200
    return response.content.decode()


# --- Listings and filters --------------------------------------------------------------------


def test_guidance_filters_by_audience_and_tag_from_the_url(client, db):
    f.guidance("For councils", audience="councils", tags=["contracts"])
    f.guidance("For homes", audience="providers", tags=["top-ups"])
    index = f.GuidanceIndexPage.objects.get()
    by_audience = text(client.get(index.url, {"audience": "providers"}))
    assert "For homes" in by_audience and "For councils" not in by_audience
    by_tag = text(client.get(index.url, {"tag": "contracts"}))
    assert "For councils" in by_tag and "For homes" not in by_tag


@pytest.mark.parametrize(
    "params",
    [{"audience": "nobody"}, {"page": "abc"}, {"page": "999"}, {"page": "-1"}, {"tag": "x" * 500}],
)
def test_junk_in_listing_urls_falls_back_instead_of_failing(client, db, params):
    f.guidance("Still listed")
    index = f.GuidanceIndexPage.objects.get()
    body = text(client.get(index.url, params))
    if "tag" not in params:
        assert "Still listed" in body


def test_practice_filters_by_theme_site_and_tag(client, db):
    enfield = OrganisationFactory(name="Enfield", slug="enfield", is_trailblazer=True)
    redbridge = OrganisationFactory(name="Redbridge", slug="redbridge", is_trailblazer=True)
    f.practice("Contract template", organisation=enfield, theme="contracts", tags=["forms"])
    f.practice("Payment cards", organisation=redbridge, theme="payments")
    index = f.PracticeExampleIndexPage.objects.get()
    assert "Payment cards" not in text(client.get(index.url, {"theme": "contracts"}))
    by_site = text(client.get(index.url, {"site": "redbridge"}))
    assert "Payment cards" in by_site and "Contract template" not in by_site
    assert "Payment cards" not in text(client.get(index.url, {"tag": "forms"}))
    assert "Clear filters" in by_site
    assert "Clear filters" not in text(client.get(index.url, {"page": "1"}))


def test_listings_paginate_and_keep_their_filters(client, db):
    for n in range(12):
        f.news(f"Item {n:02d}", date=datetime.date(2015, 1, 1) + datetime.timedelta(days=n))
    index = f.NewsIndexPage.objects.get()
    first = text(client.get(index.url, {"year": "2015"}))
    assert "Page 1 of 2" in first and "year=2015&amp;page=2" in first
    second = text(client.get(index.url, {"year": "2015", "page": "2"}))
    assert "Item 00" in second and "Item 11" not in second


# --- Guidance --------------------------------------------------------------------------------


def test_superseded_guidance_shows_a_banner_pointing_to_its_replacement(client, db):
    new = f.guidance("New guidance")
    old = f.guidance("Old guidance", superseded_by=new)
    body = text(client.get(old.url))
    assert "This guidance has been replaced by" in body and new.url in body


def test_a_banner_never_names_a_replacement_the_reader_may_not_see(client, db):
    secret = f.guidance("Zephyrquill replacement")
    f.restrict(secret, BaseViewRestriction.GROUPS, groups=[roles.STEERING_GROUP])
    old = f.guidance("Old guidance", superseded_by=secret)
    assert "Zephyrquill" not in text(client.get(old.url))


def test_readers_see_that_overdue_guidance_is_due_for_review(client, db):
    today = timezone.localdate()
    due = today - datetime.timedelta(days=30)
    stale = f.guidance("Stale guidance", review_by=due)
    fresh = f.guidance("Fresh guidance", review_by=today + datetime.timedelta(days=30))
    undated = f.guidance("Undated guidance", review_by=None)
    notice = f"This guidance is due for review since {due:%-d %B %Y}."
    assert notice in text(client.get(stale.url))
    for page in (fresh, undated):
        assert "due for review" not in text(client.get(page.url))


def test_the_replacing_page_says_what_it_replaced(client, make_actor, db):
    new = f.guidance("New guidance")
    old = f.guidance("Old guidance", superseded_by=new)
    secret = f.guidance("Zephyrquill draft", superseded_by=new)
    f.restrict(secret, BaseViewRestriction.GROUPS, groups=[roles.STEERING_GROUP])
    body = text(client.get(new.url))
    assert "Replaces" in body and old.url in body and "Old guidance" in body
    assert "Zephyrquill" not in body  # never names a page the reader may not see
    client.force_login(make_actor("steering"))
    assert "Zephyrquill draft" in text(client.get(new.url))
    assert "Replaces" not in text(client.get(old.url))


def test_the_guidance_list_marks_replaced_pages(client, db):
    new = f.guidance("Current advice on top-ups")
    f.guidance("Earlier advice on top-ups", superseded_by=new)
    body = text(client.get(new.get_parent().url))
    cards = {card.split("</a>")[0].rsplit(">", 1)[-1]: card for card in body.split("hub-card")[1:]}
    assert "Replaced" in cards["Earlier advice on top-ups"]
    assert "Replaced" not in cards["Current advice on top-ups"]


def test_the_api_says_whether_guidance_is_replaced(client, db):
    new = f.guidance("New guidance")
    old = f.guidance("Old guidance", superseded_by=new)
    assert client.get(f"/api/v2/pages/{old.pk}/").json()["superseded"] is True
    assert client.get(f"/api/v2/pages/{new.pk}/").json()["superseded"] is False
    listing = client.get("/api/v2/pages/", {"type": "home.GuidancePage", "fields": "superseded"})
    assert {item["title"]: item["superseded"] for item in listing.json()["items"]} == {
        "New guidance": False,
        "Old guidance": True,
    }


def test_each_publish_with_a_new_note_is_kept_in_what_changed(client, db):
    page = f.guidance("Changing guidance", change_note="")
    for note in ["First version.", "Clarified top-ups.", "Clarified top-ups."]:
        page.change_note = note
        page.save_revision().publish()
    assert list(GuidanceChange.objects.values_list("note", flat=True)) == [
        "Clarified top-ups.",
        "First version.",
    ]
    body = text(client.get(page.url))
    assert "What changed" in body and "Clarified top-ups." in body


def test_the_overdue_report_lists_guidance_past_its_review_date(admin_client, client, db):
    today = timezone.localdate()
    f.guidance("Overdue guidance", review_by=today - datetime.timedelta(days=1))
    f.guidance("Current guidance", review_by=today + datetime.timedelta(days=30))
    report = admin_client.get("/admin/reports/overdue-guidance/")
    body = text(report)
    assert "Overdue guidance" in body and "Current guidance" not in body
    csv = admin_client.get("/admin/reports/overdue-guidance/", {"export": "csv"})
    assert b"Overdue guidance" in b"".join(csv.streaming_content)
    assert client.get("/admin/reports/overdue-guidance/").status_code == 302


# --- Sites and documents ---------------------------------------------------------------------


def test_site_page_shows_its_documents_only_when_the_reader_may_see_them(client, db, make_actor):
    council = OrganisationFactory(name="Milton Keynes", is_trailblazer=True)
    root = Collection.get_first_root_node()
    private = root.add_child(name="Evaluation drafts")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=BaseViewRestriction.LOGIN
    )
    for title, collection in [("Open plan", root), ("Marrowlatch returns", private)]:
        Resource.objects.create(
            title=title,
            organisation=council,
            collection=collection,
            file=ContentFile(b"text", name=f"{title}.txt"),
        )
    page = f.site(council)
    f.practice("Their example", organisation=council)
    body = text(client.get(page.url))
    assert "Open plan" in body and "Their example" in body
    assert "Marrowlatch" not in body
    client.force_login(make_actor("council_member"))
    assert "Marrowlatch returns" in text(client.get(page.url))


def test_guidance_related_documents_are_filtered_for_the_reader(client, db):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Steering papers")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=BaseViewRestriction.GROUPS
    )
    restriction.groups.set(Group.objects.filter(name=roles.STEERING_GROUP))
    public_doc = Resource.objects.create(
        title="Public checklist", collection=root, file=ContentFile(b"x", name="a.txt")
    )
    secret_doc = Resource.objects.create(
        title="Zephyrquill paper", collection=private, file=ContentFile(b"x", name="b.txt")
    )
    related = [{"type": "document", "value": d.pk} for d in (public_doc, secret_doc)]
    page = f.guidance("With documents", related_resources=json.dumps(related))
    body = text(client.get(page.url))
    assert "Public checklist" in body and "Zephyrquill" not in body


# --- Events ----------------------------------------------------------------------------------


def test_an_event_has_a_valid_icalendar_file(client, db):
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    event = f.event("Leeds learning\x0b event", starts_at=starts, venue="Leeds", online=True)
    response = client.get(event.url + "ical/")
    assert response.status_code == 200
    assert "private" not in response.get("Cache-Control", "")
    vevent = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(vevent["summary"]) == "Leeds learning event"
    assert vevent.decoded("dtstart") == starts
    assert str(vevent["location"]) == "Leeds, and online"
    assert str(vevent["url"]).endswith(event.url)


def test_editors_are_told_when_guidance_is_due_for_review(admin_client, db):
    overdue = f.guidance(
        "Stale guidance", review_by=timezone.localdate() - datetime.timedelta(days=3)
    )
    fresh = f.guidance("Fresh guidance", review_by=timezone.localdate() + datetime.timedelta(9))
    notice = "This guidance was due for review"
    assert notice in text(admin_client.get(f"/admin/pages/{overdue.pk}/edit/"))
    assert notice not in text(admin_client.get(f"/admin/pages/{fresh.pk}/edit/"))
    dashboard = text(admin_client.get("/admin/"))
    assert "Guidance due for review" in dashboard and "Stale guidance" in dashboard
    assert "Fresh guidance" not in dashboard
