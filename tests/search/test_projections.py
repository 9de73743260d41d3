"""Pages say what search needs through ``SearchablePage``: nothing is guessed from field names."""

import datetime

import pytest
from django.apps import apps
from wagtail.models import Page

from home.models import GuidancePage, SearchablePage, StandardPage
from home.models.guidance import SUPERSEDED_BOOST
from home.projections import project_page
from search.registry import ProjectionContext, registration_for
from tests.factories import OrganisationFactory
from tests.factories import pages as f

pytestmark = pytest.mark.django_db


def test_every_page_type_is_covered_by_the_generic_projector():
    assert registration_for(StandardPage).projector is project_page


def test_every_hub_page_type_says_what_search_needs():
    page_types = [
        model
        for model in apps.get_app_config("home").get_models()
        if issubclass(model, Page) and not model._meta.abstract
    ]
    assert len(page_types) == 15
    assert all(issubclass(model, SearchablePage) for model in page_types)
    assert GuidancePage.search_kind == "guidance"
    assert StandardPage.search_kind == "page"


def test_a_page_of_no_hub_family_is_not_searched():
    page = f.child_page(f.home_page(), "Plain page")
    assert project_page(page, ProjectionContext()) is None


def test_superseded_guidance_is_demoted_and_dated_by_when_it_took_effect():
    newer = f.guidance("New guidance")
    page = f.guidance(
        "Old guidance",
        summary="Replaced",
        effective_date=datetime.date(2014, 6, 2),
        owner_organisation=OrganisationFactory(name="Quillmere Council"),
        superseded_by=newer,
    )
    projection = project_page(page, ProjectionContext())
    assert projection.boost == SUPERSEDED_BOOST
    assert projection.date == datetime.date(2014, 6, 2)
    assert projection.summary == "Replaced"
    assert projection.organisation == "Quillmere Council"
    assert project_page(newer, ProjectionContext()).boost == 1.0


def test_events_and_news_are_dated_and_described_by_their_own_day_and_place():
    starts = datetime.datetime(2014, 3, 12, 10, tzinfo=datetime.UTC)
    event = project_page(
        f.event("Spring event", starts_at=starts, venue="Leeds"), ProjectionContext()
    )
    assert event.date == datetime.date(2014, 3, 12)
    assert "Leeds" in event.body and "12 March 2014" in event.body
    assert "learning event" in event.body
    news = project_page(f.news("Report", date=datetime.date(2013, 11, 4)), ProjectionContext())
    assert news.date == datetime.date(2013, 11, 4)
    assert "4 November 2013" in news.body


def test_practice_and_sites_name_their_council_once():
    council = OrganisationFactory(name="Quillmere Council", is_trailblazer=True)
    practice = project_page(f.practice("Top-ups", organisation=council), ProjectionContext())
    assert practice.organisation == "Quillmere Council"
    assert "Quillmere Council" in practice.body
    site = project_page(f.site(council), ProjectionContext())
    assert site.organisation == "Quillmere Council"
    # A site page's council is its own title already: it does not end the text again.
    assert "Quillmere Council" not in site.body


def test_synonyms_are_edited_in_the_admin(client, make_actor):
    client.force_login(make_actor("superuser"))
    response = client.get("/admin/snippets/search/synonym/")
    assert response.status_code == 200
    assert "direct payment" in response.content.decode()
