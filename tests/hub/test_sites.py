"""The Wagtail site kept across requests (hub/sites.py): no query for it once found, and any
change to sites or pages is seen at the next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import BaseViewRestriction, Page, Site

from hub import sites
from tests.factories import pages as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.HUB_PAGE_CACHE_SECONDS = 0  # every answer rendered, so the site is looked up


def site_queries(client, url="/", **extra):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    return response, [q["sql"] for q in captured if '"wagtailcore_site"' in q["sql"]]


def test_the_site_is_found_once_then_kept(client):
    client.get("/")
    response, queries = site_queries(client)
    assert response.status_code == 200
    assert queries == []


def test_an_edited_home_page_is_shown_at_once(client):
    client.get("/")
    home = f.home_page()
    home.title = "Quillmere front door"
    home.save_revision().publish()

    assert "Quillmere front door" in client.get("/").text


def test_a_home_page_restricted_after_it_was_kept_is_not_shown(client):
    client.get("/")
    f.restrict(f.home_page(), BaseViewRestriction.LOGIN)

    response = client.get("/")

    assert response.status_code == 302


def test_a_new_site_for_a_host_is_used_at_once(client, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "quillmere.example"]
    client.get("/", HTTP_HOST="quillmere.example")  # the default site, kept for this host
    other_root = f.standard("Quillmere other root", parent=Page.objects.get(depth=1))
    Site.objects.create(hostname="quillmere.example", port=80, root_page=other_root)

    response = client.get("/", HTTP_HOST="quillmere.example")

    assert "Quillmere other root" in response.text


def test_requests_with_a_session_find_the_site_as_wagtail_does(client, make_actor):
    client.force_login(make_actor("council_member"))
    client.get("/")

    response, queries = site_queries(client)

    assert response.status_code == 200
    assert len(queries) == 1


def test_no_two_requests_share_a_site_instance(rf):
    first, second = rf.get("/"), rf.get("/")

    one, other = sites.find_for_request(first), sites.find_for_request(second)

    assert one == other
    assert one is not other
    assert one.root_page is not other.root_page
