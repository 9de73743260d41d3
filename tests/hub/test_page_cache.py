"""The anonymous page cache: fast for public pages, and never a way round the access rules."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import BaseViewRestriction, CollectionViewRestriction

from hub import page_cache
from hub.accounts import roles
from hub.accounts.access import Audience
from resources.models import Resource
from tests.factories import pages as f
from tests.factories.discussions import make_thread
from tests.factories.resources import collection

pytestmark = pytest.mark.django_db

LOGIN, GROUPS, PASSWORD = (
    BaseViewRestriction.LOGIN,
    BaseViewRestriction.GROUPS,
    BaseViewRestriction.PASSWORD,
)


def warm(client, url, times=3):
    """Enough anonymous requests for a public page to be stored: a note, then the copy."""
    for _ in range(times):
        response = client.get(url)
    return response


def is_hit(client, url):
    """Whether ``url`` is answered from the cache (at most the generation is read)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, len(captured) <= 1


def test_a_public_page_is_stored_and_answered_with_one_query(client, django_assert_max_num_queries):
    page = f.guidance("Paying Quillmere homes directly")
    first = warm(client, page.url)
    assert first["Cache-Control"] == "public, max-age=60"
    assert "Cookie" in first["Vary"]
    with django_assert_max_num_queries(1):
        hit = client.get(page.url)
    assert hit.status_code == 200
    assert hit.content == first.content
    assert hit["Cache-Control"] == "public, max-age=60"
    assert hit["Content-Security-Policy"] == first["Content-Security-Policy"]  # nonce and all


def test_home_page_hit_costs_one_query(client, django_assert_max_num_queries):
    warm(client, "/")
    with django_assert_max_num_queries(1):
        assert client.get("/").status_code == 200


def test_a_page_restricted_after_being_stored_is_not_served_from_the_cache(client):
    page = f.guidance("Quillmere guidance")
    assert "Quillmere guidance" in warm(client, page.url).text
    f.restrict(page, LOGIN)
    response = client.get(page.url)
    assert response.status_code == 302
    assert "Quillmere" not in response.text


def test_restricting_a_parent_takes_stored_children_out_of_the_cache(client):
    page = f.guidance("Quillmere guidance")
    index = page.get_parent()
    warm(client, page.url)
    warm(client, index.url)
    f.restrict(index, GROUPS, groups=[roles.EVALUATORS])
    assert client.get(page.url).status_code == 302
    assert client.get(index.url).status_code == 302


def test_a_document_made_private_disappears_from_a_stored_home_page(client):
    papers = collection("Quillmere papers")
    Resource.objects.create(
        title="Quillmere minutes", file=ContentFile(b"x", name="m.txt"), collection=papers
    )
    assert "Quillmere minutes" in warm(client, "/").text
    rule = CollectionViewRestriction.objects.create(collection=papers, restriction_type=GROUPS)
    rule.groups.set(Group.objects.filter(name=roles.STEERING_GROUP))
    assert "Quillmere minutes" not in client.get("/").text


def test_a_thread_made_members_only_disappears_from_a_stored_home_page(client):
    thread = make_thread(area="public", title="Quillmere question about fees")
    assert "Quillmere question" in warm(client, "/").text
    thread.audience = Audience.MEMBERS
    thread.save()
    assert "Quillmere question" not in client.get("/").text


def test_unpublished_deleted_and_moved_pages_are_not_served_from_the_cache(client):
    gone, removed, moved = (f.news(f"Quillmere news {n}") for n in range(3))
    private = f.standard("Quillmere private section")
    f.restrict(private, LOGIN)
    urls = {page: page.url for page in (gone, removed, moved)}
    for url in urls.values():
        warm(client, url)
    gone.unpublish()
    removed.delete()
    moved.move(private, pos="last-child")
    assert client.get(urls[gone]).status_code == 404
    assert client.get(urls[removed]).status_code == 404
    assert client.get(urls[moved]).status_code == 301  # Wagtail's redirect to where it went
    moved.refresh_from_db()
    assert client.get(moved.url).status_code == 302


def test_a_published_change_is_shown_at_once(client):
    page = f.news("Quillmere interim report")
    warm(client, page.url)
    page.title = "Quillmere final report"
    page.save_revision().publish()
    assert "Quillmere final report" in client.get(page.url).text


def test_a_members_page_is_never_public_nor_stored(client, make_actor):
    page = f.standard("Quillmere members area")
    f.restrict(page, LOGIN)
    anonymous = warm(client, page.url)
    assert anonymous.status_code == 302
    assert "public" not in anonymous.get("Cache-Control", "")
    client.force_login(make_actor("council_member"))
    for _ in range(3):
        response = client.get(page.url)
        assert "Quillmere members area" in response.text
        assert response["Cache-Control"] == "private, no-store"


def test_a_signed_in_answer_is_never_stored_nor_served_to_anonymous(client, make_actor):
    members_only = f.guidance("Quillmere members guidance")
    f.restrict(members_only, LOGIN)
    index = members_only.get_parent()
    member_client = type(client)()
    member_client.force_login(make_actor("council_member"))
    for _ in range(3):
        member = member_client.get(index.url)
        assert "Quillmere members guidance" in member.text
        assert "public" not in member["Cache-Control"]
    anonymous = client.get(index.url)
    assert "Quillmere members guidance" not in anonymous.text
    # ... and anonymous copies are never given to the member.
    warm(client, index.url)
    assert "Quillmere members guidance" in member_client.get(index.url).text


def test_signed_in_readers_bypass_the_cache(client, make_actor):
    page = f.news("Quillmere news")
    warm(client, page.url)
    client.force_login(make_actor("council_member"))
    response = client.get(page.url)
    assert response["Cache-Control"] == "private"
    assert "Sign out" in response.text


def test_password_pages_are_never_stored(client):
    page = f.standard("Quillmere locked")
    f.restrict(page, PASSWORD, password="quillmere-secret")
    for _ in range(3):
        response = client.get(page.url)
        assert "This page needs a password" in response.text
        assert response["Cache-Control"] == "private, no-store"


def test_pages_with_a_form_are_never_stored(client):
    form_page = f.eoi_form()
    for _ in range(3):
        response = client.get(form_page.url)
        assert "csrfmiddlewaretoken" in response.text
        assert "public" not in response.get("Cache-Control", "")
    response, hit = is_hit(client, form_page.url)
    assert not hit


def test_a_messages_cookie_bypasses_the_cache(client):
    page = f.news("Quillmere news")
    warm(client, page.url)
    client.cookies["messages"] = "anything"
    response, hit = is_hit(client, page.url)
    assert response.status_code == 200
    assert not hit


def test_other_views_are_not_stored(client):
    warm(client, "/search/?q=fees")
    response, hit = is_hit(client, "/search/?q=fees")
    assert not hit
    assert "public" not in response.get("Cache-Control", "")


def test_the_key_holds_scheme_host_path_and_query_string():
    factory = RequestFactory()
    keys = {
        page_cache.cache_key(factory.get("/news/")),
        page_cache.cache_key(factory.get("/news/?page=2")),
        page_cache.cache_key(factory.get("/news/", HTTP_HOST="localhost")),
        page_cache.cache_key(factory.get("/news/", secure=True)),
    }
    assert len(keys) == 4


def test_pages_differing_by_query_string_are_stored_apart(client):
    for n in range(12):
        f.news(f"Quillmere item {n:02}")
    index = f.NewsIndexPage.objects.get()
    first = warm(client, index.url).text
    second = warm(client, index.url + "?page=2").text
    assert first != second
    assert client.get(index.url).text == first


def test_the_cache_can_be_switched_off(client, settings):
    settings.HUB_PAGE_CACHE_SECONDS = 0
    page = f.news("Quillmere news")
    response = warm(client, page.url)
    assert "public" not in response.get("Cache-Control", "")
    assert not is_hit(client, page.url)[1]
