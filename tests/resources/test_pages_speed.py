"""Query budgets: every page within 15 queries, and listings cost the same for 3 items as for 30."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Collection

from resources.models import Resource
from tests.factories import OrganisationFactory
from tests.factories import pages as f
from tests.factories.discussions import make_thread

BUDGET = 15
# A signed-in reader costs five more queries outside these pages: session, user, the user's
# groups (access layer) and two permission lookups for the header's "Admin" link.
SIGNED_IN_OVERHEAD = 5


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
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("kind", ["guidance", "events", "practice", "sites", "news"])
def test_listing_costs_the_same_for_3_and_30_items(client, kind, db, django_assert_max_num_queries):
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
    with django_assert_max_num_queries(BUDGET):
        client.get(index.url + "?page=2")


@pytest.mark.parametrize("actor", ["anonymous", "council_member"])
def test_every_page_type_is_within_budget(client, make_actor, db, actor):
    user = make_actor(actor)
    budget = BUDGET
    if user:
        client.force_login(user)
        budget += SIGNED_IN_OVERHEAD
    council = OrganisationFactory(name="Detail Council", is_trailblazer=True)
    pages = [
        f.guidance(tags=["a"]),
        f.event(),
        f.practice(organisation=council, tags=["a"]),
        f.site(council),
        f.news(tags=["a"]),
        f.standard("About"),
        f.eoi_form(),
    ]
    urls = ["/", *(p.url for p in pages), *(p.get_parent().url for p in pages[:5])]
    for url in urls:
        count = queries_for(client, url)
        assert count <= budget, (url, count)


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
    user = make_actor(actor)
    budget = BUDGET
    if user:
        client.force_login(user)
        budget += SIGNED_IN_OVERHEAD
    council = OrganisationFactory(name="Busy Council", is_trailblazer=True)
    site = f.site(council)
    make_documents_and_threads(council, 3)
    few = {url: queries_for(client, url) for url in ("/", site.url)}
    make_documents_and_threads(council, 27, start=3)
    many = {url: queries_for(client, url) for url in ("/", site.url)}
    assert few == many
    assert max(many.values()) <= budget, many
