"""The generic page projector covers page types that do not exist yet, through attributes."""

import pytest

from home.models import StandardPage
from home.projections import SUPERSEDED_BOOST, page_kind, project_page
from search.registry import ProjectionContext, registration_for
from tests.factories.search import publish_page

pytestmark = pytest.mark.django_db


def test_every_page_type_is_covered_by_the_generic_projector():
    assert registration_for(StandardPage).projector is project_page


def test_page_kind_comes_from_search_kind_or_the_model_name():
    class GuidancePage:
        class _meta:  # noqa: N801 (stands in for a model's options)
            model_name = "guidancepage"

    assert page_kind(GuidancePage()) == "guidance"
    GuidancePage.search_kind = "guide"
    assert page_kind(GuidancePage()) == "guide"
    assert page_kind(StandardPage()) == "page"


def test_superseded_pages_are_demoted_and_dates_come_from_date_fields():
    page = publish_page("Old guidance", summary="Replaced")
    page.superseded_by_id = page.pk  # as a guidance page with superseded_by set would have
    page.published_on = page.first_published_at.date().replace(year=2014)
    projection = project_page(page, ProjectionContext())
    assert projection.boost == SUPERSEDED_BOOST
    assert projection.date.year == 2014
    assert projection.summary == "Replaced"


def test_synonyms_are_edited_in_the_admin(client, make_actor):
    client.force_login(make_actor("superuser"))
    response = client.get("/admin/snippets/search/synonym/")
    assert response.status_code == 200
    assert "direct payment" in response.content.decode()
