"""Query budgets: every page within 16 queries for anonymous and signed-in readers alike, and
listings cost the same for 3 items as for 30.

Anonymous requests are counted as the dearest they get with the page cache on: a stored copy
gone stale (content changed), so the generation is read and the page rendered in full.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import BaseViewRestriction, Collection

from hub import page_cache
from hub.accounts import roles
from resources.models import Resource
from tests.factories import OrganisationFactory
from tests.factories import pages as f
from tests.factories.discussions import make_thread
from tests.factories.resources import collection

# For everyone: a signed-in reader's session and user rows fit in it too (their groups and
# the header's "Admin" link answer come from the cache after the first page).
# A site page's open actions (one query, however many) took it from 15 to 16.
BUDGET = 16
READERS = ["anonymous", "council_member", "programme_team"]


def make_items(kind, count, start=0):
    council = OrganisationFactory(name="Budget Council", is_trailblazer=True)
    soon = timezone.now() + datetime.timedelta(days=1)
    for n in range(start, start + count):
        if kind == "guidance":
            f.guidance(f"Guidance {n}", tags=["a", "b"])
        elif kind == "events":
            f.event(f"Event {n}", starts_at=soon + datetime.timedelta(days=n))
        elif kind == "practice":
            f.practice(f"Practice {n}", organisation=council, tags=["a"])
        elif kind == "sites":
            f.site(OrganisationFactory(name=f"Site council {n}", is_trailblazer=True))
        elif kind == "news":
            f.news(f"News {n}", tags=["a"])


def queries_for(client, url):
    client.get(url)  # warm Wagtail's per-process caches, as a running server has them
    page_cache.bump()  # any stored anonymous copy is now stale
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    # A rate-limit count is one statement or two, as a new window did or did not open between
    # the two requests: timing, not content, so it is left out of the comparison.
    return sum("hub_counters" not in query["sql"] for query in captured)


def sign_in(client, make_actor, actor):
    user = make_actor(actor)
    if user:
        client.force_login(user)


def restricted_content():
    """Restrictions as the demo has them, so the access layer's snapshots cost what they do."""
    evaluators = f.standard("Evaluation drafts")
    f.restrict(evaluators, BaseViewRestriction.GROUPS, groups=[roles.EVALUATORS])
    f.restrict(f.standard("Members area"), BaseViewRestriction.LOGIN)
    collection(
        "Evaluation papers",
        restriction=BaseViewRestriction.GROUPS,
        groups=[roles.EVALUATORS, roles.PROGRAMME_TEAM],
    )
    collection("Members papers", restriction=BaseViewRestriction.LOGIN)


@pytest.mark.parametrize("actor", ["anonymous", "council_member"])
@pytest.mark.parametrize("kind", ["guidance", "events", "practice", "sites", "news"])
def test_listing_costs_the_same_for_3_and_30_items(
    client, make_actor, kind, actor, db, django_assert_max_num_queries
):
    sign_in(client, make_actor, actor)
    restricted_content()
    make_items(kind, 3)
    index = {
        "guidance": f.GuidanceIndexPage,
        "events": f.LearningEventIndexPage,
        "practice": f.PracticeExampleIndexPage,
        "sites": f.TrailblazerSiteIndexPage,
        "news": f.NewsIndexPage,
    }[kind].objects.get()
    few = queries_for(client, index.url)
    make_items(kind, 27, start=3)
    many = queries_for(client, index.url)
    assert few == many
    assert many <= BUDGET
    with django_assert_max_num_queries(BUDGET):
        client.get(index.url + "?page=2")


@pytest.mark.parametrize("actor", READERS)
def test_every_page_is_within_budget(client, make_actor, db, actor):
    sign_in(client, make_actor, actor)
    restricted_content()
    council = OrganisationFactory(name="Detail Council", is_trailblazer=True)
    pages = [
        f.guidance(tags=["fees"]),
        f.event(),
        f.practice(organisation=council, tags=["fees"]),
        f.site(council),
        f.news(tags=["fees"]),
        f.standard("About"),
        f.eoi_form(),
    ]
    make_documents_and_threads(council, 1)
    document = Resource.objects.get()
    thread = make_thread(area="public", title="Paying fees to homes", tags=["fees"])
    urls = [
        "/",
        *(p.url for p in pages),
        *(p.get_parent().url for p in pages[:5]),
        "/tags/",
        "/tags/fees/",
        "/search/",
        "/search/?q=fees",
        "/discussions/",
        thread.get_absolute_url(),
        "/resources/",
        document.get_absolute_url(),
    ]
    counts = {url: queries_for(client, url) for url in urls}
    assert max(counts.values()) <= BUDGET, counts


def make_documents_and_threads(council, count, start=0):
    for n in range(start, start + count):
        Resource.objects.create(
            title=f"Document {n}",
            file=ContentFile(b"x", name="doc.txt"),
            collection=Collection.get_first_root_node(),
            organisation=council,
        )
        make_thread(area="public", title=f"Question number {n} on fees", organisation=council)


@pytest.mark.parametrize("actor", ["anonymous", "council_member"])
def test_home_and_site_pages_cost_the_same_for_3_and_30_documents_and_threads(
    client, make_actor, db, actor
):
    sign_in(client, make_actor, actor)
    restricted_content()
    council = OrganisationFactory(name="Busy Council", is_trailblazer=True)
    site = f.site(council)
    make_documents_and_threads(council, 3)
    few = {url: queries_for(client, url) for url in ("/", site.url)}
    make_documents_and_threads(council, 27, start=3)
    many = {url: queries_for(client, url) for url in ("/", site.url)}
    assert few == many
    assert max(many.values()) <= BUDGET, many


@pytest.mark.parametrize("actor", ["anonymous", "council_member"])
def test_tag_search_discussion_and_document_lists_cost_the_same_for_3_and_30_items(
    client, make_actor, db, actor
):
    sign_in(client, make_actor, actor)
    restricted_content()
    council = OrganisationFactory(name="Busy Council", is_trailblazer=True)
    urls = ("/tags/", "/tags/fees/", "/search/?q=fees", "/discussions/", "/resources/")

    def add(count, start=0):
        make_documents_and_threads(council, count, start)
        for n in range(start, start + count):
            make_thread(area="public", title=f"Fees question {n} for homes", tags=["fees"])

    add(3)
    few = {url: queries_for(client, url) for url in urls}
    add(27, start=3)
    many = {url: queries_for(client, url) for url in urls}
    assert few == many
    assert max(many.values()) <= BUDGET, many
