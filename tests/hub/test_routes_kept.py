"""The site's sections and each page's breadcrumbs kept across requests (``HomePage.route``,
``hub/navigation.py``): no query for them once kept, and any change to the pages is seen at the
next request, with the page cache on or off."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import BaseViewRestriction

from hub.accounts import roles
from tests.factories import pages as f

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[300, 0], ids=["page cache on", "page cache off"])
def page_cache_seconds(request, settings):
    settings.HUB_PAGE_CACHE_SECONDS = request.param


@pytest.fixture
def guidance():
    return f.guidance("Quillmere fees guidance")


def section_lookups(client, url, section):
    """The queries a request makes that look the section up by its slug or its id."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    by_slug = f"\"slug\" = '{section.slug}'"
    by_id = re.compile(rf'"page_ptr_id" = {section.pk} LIMIT')
    found = [q["sql"] for q in captured if by_slug in q["sql"] or by_id.search(q["sql"])]
    return response, found


def crumbs(response):
    nav = response.text.split('aria-label="Breadcrumb"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a class="govuk-breadcrumbs__link" href="([^"]+)">([^<]+)</a>', nav)


def test_a_kept_section_costs_no_query(client, guidance, settings):
    settings.HUB_PAGE_CACHE_SECONDS = 0  # every answer rendered, so every request is routed
    section = guidance.get_parent().specific
    client.get(guidance.url)

    response, lookups = section_lookups(client, guidance.url, section)

    assert response.status_code == 200
    assert lookups == []


def test_requests_with_a_session_route_as_wagtail_does(client, guidance, make_actor):
    client.force_login(make_actor("council_member"))
    section = guidance.get_parent().specific
    client.get(guidance.url)

    response, lookups = section_lookups(client, guidance.url, section)

    assert response.status_code == 200
    assert len(lookups) == 2  # as a plain page by its slug, then as its own type


def test_a_section_given_a_new_slug_moves_its_pages_at_once(client, guidance, page_cache_seconds):
    old_url = guidance.url
    assert client.get(old_url).status_code == 200
    section = guidance.get_parent().specific
    section.slug = "quillmere-advice"
    section.save_revision().publish()
    guidance.refresh_from_db()

    assert client.get(old_url).status_code == 404
    assert client.get(guidance.url).status_code == 200
    assert guidance.url.startswith("/quillmere-advice/")


def test_an_unpublished_section_is_not_served(client, guidance, page_cache_seconds):
    section = guidance.get_parent().specific
    assert client.get(section.url).status_code == 200
    url = section.url

    section.unpublish()

    assert client.get(url).status_code == 404


def test_a_section_restricted_after_it_was_kept_is_refused(client, guidance, page_cache_seconds):
    section = guidance.get_parent().specific
    assert client.get(section.url).status_code == 200
    assert client.get(guidance.url).status_code == 200

    f.restrict(section, BaseViewRestriction.LOGIN)

    assert client.get(section.url).status_code == 302
    assert client.get(guidance.url).status_code == 302


def test_a_new_section_is_served_at_once(client, page_cache_seconds):
    assert client.get("/quillmere-news/").status_code == 404
    client.get("/")

    f.standard("Quillmere news", slug="quillmere-news")

    assert client.get("/quillmere-news/").status_code == 200


def test_breadcrumbs_lead_home_then_to_the_section(client, guidance, page_cache_seconds):
    section = guidance.get_parent()
    first, second = crumbs(client.get(guidance.url)), crumbs(client.get(guidance.url))

    assert first == second == [("/", "Home"), (section.url, section.title)]


def test_a_renamed_section_is_named_in_breadcrumbs_at_once(client, guidance, page_cache_seconds):
    client.get(guidance.url)
    section = guidance.get_parent().specific
    section.title = "Quillmere advice"
    section.save_revision().publish()

    assert crumbs(client.get(guidance.url))[-1] == (section.url, "Quillmere advice")


def test_an_unpublished_section_is_left_out_of_breadcrumbs(client, guidance, page_cache_seconds):
    # Wagtail serves a live page below a draft one; the draft's title is not for readers.
    client.get(guidance.url)
    section = guidance.get_parent().specific
    section.unpublish()

    response = client.get(guidance.url)

    assert response.status_code == 200
    assert crumbs(response) == [("/", "Home")]


def test_each_reader_of_a_private_section_gets_its_breadcrumb(client, make_actor, settings):
    settings.HUB_PAGE_CACHE_SECONDS = 0
    section = f.standard("Quillmere evaluators room")
    f.restrict(section, BaseViewRestriction.GROUPS, groups=[roles.EVALUATORS])
    page = f.standard("Quillmere draft findings", parent=section)
    client.get(page.url)  # kept once, by a request that may not see them

    client.force_login(make_actor("evaluator"))
    seen = crumbs(client.get(page.url))
    client.logout()

    assert seen == [("/", "Home"), (section.url, section.title)]
    assert client.get(page.url).status_code == 302


def test_siblings_share_their_kept_breadcrumbs(client, settings):
    settings.HUB_PAGE_CACHE_SECONDS = 0
    first, second = f.guidance("Quillmere one"), f.guidance("Quillmere two")
    client.get(first.url)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(second.url)

    assert crumbs(response)[0] == ("/", "Home")
    ancestors = [q["sql"] for q in captured if '"wagtailcore_page"."path" IN (' in q["sql"]]
    assert ancestors == []
