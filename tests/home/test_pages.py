"""Every page family: an editor can create it where it belongs, and it renders with a
realistic body for a reader."""

import datetime

import pytest
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase, WagtailTestUtils
from wagtail.test.utils.form_data import nested_form_data, streamfield

from home.models import (
    ExpressionOfInterestPage,
    GuidanceIndexPage,
    GuidancePage,
    HomePage,
    LearningEventIndexPage,
    LearningEventPage,
    NewsIndexPage,
    NewsPage,
    PracticeExampleIndexPage,
    PracticeExamplePage,
    PromotedIndexPage,
    PromotedPage,
    StandardPage,
    TrailblazerSiteIndexPage,
    TrailblazerSitePage,
)
from tests.factories import OrganisationFactory
from tests.factories import pages as f

PARENTS = {
    GuidanceIndexPage: {HomePage},
    GuidancePage: {GuidanceIndexPage},
    LearningEventIndexPage: {HomePage},
    LearningEventPage: {LearningEventIndexPage},
    PracticeExampleIndexPage: {HomePage},
    PracticeExamplePage: {PracticeExampleIndexPage},
    TrailblazerSiteIndexPage: {HomePage},
    TrailblazerSitePage: {TrailblazerSiteIndexPage},
    NewsIndexPage: {HomePage},
    NewsPage: {NewsIndexPage},
    StandardPage: {HomePage, StandardPage},
    ExpressionOfInterestPage: {HomePage, StandardPage},  # the about section lists it
    PromotedIndexPage: {HomePage},
    PromotedPage: {PromotedIndexPage},
}


class TestPageTree(WagtailPageTestCase):
    def test_each_page_type_lives_only_under_its_parents(self):
        for model, parents in PARENTS.items():
            self.assertAllowedParentPageTypes(model, parents)

    def test_home_page_offers_every_family(self):
        self.assertAllowedSubpageTypes(
            HomePage, {model for model, parents in PARENTS.items() if HomePage in parents}
        )

    def test_an_editor_can_create_each_index_under_the_home_page(self):
        for model in (GuidanceIndexPage, LearningEventIndexPage, NewsIndexPage):
            self.assertCanCreateAt(HomePage, model)
        self.assertCanNotCreateAt(GuidanceIndexPage, NewsPage)


@pytest.fixture
def content(db):
    council = OrganisationFactory(name="Enfield", is_trailblazer=True, is_deep_dive=True)
    return {
        "guidance": f.guidance(tags=["top-ups"]),
        "event": f.event("Autumn meeting in Leeds"),
        "past_event": f.event("Spring meeting", starts_at=timezone.now() - datetime.timedelta(90)),
        "practice": f.practice(organisation=council, tags=["contracts"]),
        "site": f.site(council),
        "news": f.news(tags=["reports"]),
        "standard": f.standard("About the programme"),
        "form": f.eoi_form(),
    }


def test_every_page_and_index_renders_for_an_anonymous_reader(client, content):
    for page in [*content.values(), *(p.get_parent() for p in content.values())]:
        response = client.get(page.url)
        assert response.status_code == 200, page
        assert page.title in response.content.decode()


def test_site_page_collects_its_practice_examples(client, content):
    response = client.get(content["site"].url)
    assert content["practice"].title in response.content.decode()
    assert "Deep-dive site" in response.content.decode()


def test_event_index_lists_upcoming_by_default_and_past_on_request(client, content):
    index = content["event"].get_parent()
    upcoming = client.get(index.url).content.decode()
    past = client.get(index.url, {"when": "past"}).content.decode()
    assert content["event"].title in upcoming and "Spring meeting" not in upcoming
    assert "Spring meeting" in past and content["event"].title not in past


class TestEditorCreatesPages(WagtailTestUtils):
    """The admin's create form works for each family (the programme team needs no developer)."""

    @pytest.fixture(autouse=True)
    def _login(self, admin_client):
        self.client = admin_client

    def test_guidance_can_be_created_in_the_admin(self, db):
        index = f.index_page(GuidanceIndexPage, "Guidance")
        data = nested_form_data(
            {
                "title": "New guidance",
                "slug": "new-guidance",
                "audience": "providers",
                "summary": "For homes.",
                "effective_date": "2014-01-01",
                "body": streamfield([("heading", "Hello")]),
                "related_resources": streamfield([]),
                "tags": "contracts, top-ups",
                "action-publish": "publish",
            }
        )
        url = f"/admin/pages/add/home/guidancepage/{index.pk}/"
        response = self.client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        page = GuidancePage.objects.get(slug="new-guidance")
        assert page.live
        assert sorted(page.tags.names()) == ["contracts", "top-ups"]

    def test_tag_rules_apply_in_the_page_editor(self, db):
        index = f.index_page(NewsIndexPage, "News")
        data = nested_form_data(
            {
                "title": "Too many tags",
                "slug": "too-many-tags",
                "date": "2014-01-01",
                "summary": "x",
                "body": streamfield([("heading", "Hello")]),
                "tags": "a, b, c, d, e, f",
            }
        )
        response = self.client.post(f"/admin/pages/add/home/newspage/{index.pk}/", data)
        assert response.status_code == 200
        assert "Use at most 5 tags." in response.content.decode()
        assert not NewsPage.objects.filter(slug="too-many-tags").exists()


@pytest.mark.parametrize("tags", ["!!!", "x" * 51, "a, b, c, d, e, f"])
def test_bad_tags_are_refused_with_a_clear_error(admin_client, db, tags):
    index = f.index_page(NewsIndexPage, "News")
    data = nested_form_data(
        {
            "title": "Bad tags",
            "slug": "bad-tags",
            "date": "2014-01-01",
            "summary": "x",
            "body": streamfield([("heading", "Hello")]),
            "tags": tags,
        }
    )
    response = admin_client.post(f"/admin/pages/add/home/newspage/{index.pk}/", data)
    assert response.status_code == 200
    assert "error-message" in response.content.decode()
    assert not NewsPage.objects.filter(slug="bad-tags").exists()


def test_the_admin_offers_an_add_form_for_every_family(admin_client, db):
    parents = {
        "guidancepage": f.index_page(GuidanceIndexPage, "Guidance"),
        "learningeventpage": f.index_page(LearningEventIndexPage, "Events"),
        "practiceexamplepage": f.index_page(PracticeExampleIndexPage, "Practice"),
        "trailblazersitepage": f.index_page(TrailblazerSiteIndexPage, "Sites"),
        "newspage": f.index_page(NewsIndexPage, "News"),
    }
    for model, parent in parents.items():
        url = f"/admin/pages/add/home/{model}/{parent.pk}/"
        assert admin_client.get(url).status_code == 200, model
    home = HomePage.objects.get()
    for model in ["standardpage", "expressionofinterestpage"]:
        assert admin_client.get(f"/admin/pages/add/home/{model}/{home.pk}/").status_code == 200
