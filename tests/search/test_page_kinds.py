"""Each page family is its own kind in search, labelled for readers, with its organisation and
date; superseded guidance is demoted."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.models import Collection

from home.models import GuidanceIndexPage
from resources.models import Resource
from search import registry
from search.models import SearchEntry
from tests.factories import OrganisationFactory
from tests.factories import pages as make
from tests.factories.discussions import make_thread

pytestmark = pytest.mark.django_db

WORD = "lanternwick"


def entry(page):
    return SearchEntry.objects.get(url=page.get_url())


@pytest.fixture
def family():
    council = OrganisationFactory(name="Kelpmoor Council", is_trailblazer=True)
    starts = timezone.make_aware(datetime.datetime(2015, 6, 3, 10, 0))
    pages = {
        "guidance": make.guidance(f"Guidance on {WORD}", owner_organisation=council),
        "event": make.event(f"Event on {WORD}", starts_at=starts),
        "practice": make.practice(f"Practice on {WORD}", organisation=council),
        "site": make.site(council, summary=f"How the {WORD} site is doing"),
        "news": make.news(f"News on {WORD}", date=datetime.date(2014, 12, 1)),
        "page": make.standard(f"About {WORD}"),
    }
    Resource.objects.create(
        title=f"Document on {WORD}",
        file=ContentFile(b"x", name="doc.txt"),
        collection=Collection.get_first_root_node(),
    )
    make_thread(area="public", title=f"Discussion on {WORD} fees")
    registry.rebuild()
    return pages


def test_each_family_has_its_kind_organisation_and_date(family):
    assert {kind: entry(page).kind for kind, page in family.items()} == {
        "guidance": "guidance",
        "event": "event",
        "practice": "practice",
        "site": "site",
        "news": "news",
        "page": "page",
    }
    assert entry(family["guidance"]).organisation == "Kelpmoor Council"
    assert entry(family["practice"]).organisation == "Kelpmoor Council"
    assert entry(family["site"]).organisation == "Kelpmoor Council"
    assert entry(family["event"]).date == datetime.date(2015, 6, 3)
    assert entry(family["news"]).date == datetime.date(2014, 12, 1)
    assert entry(GuidanceIndexPage.objects.get()).kind == "page"


def test_kind_facet_reads_well(client, family):
    facets = client.get(f"/api/search/?q={WORD}").json()["facets"]["kind"]
    assert {value["label"] for value in facets} == {
        "Guidance",
        "Learning events",
        "Practice examples",
        "Trailblazer sites",
        "News",
        "Pages",
        "Documents",
        "Discussions",
    }
    page = client.get(f"/search/?q={WORD}").text
    assert "Learning events" in page
    assert "Trailblazer sites" in page


def test_superseded_guidance_is_demoted(family):
    old = family["guidance"]
    new = make.guidance(f"New guidance on {WORD}")
    old.superseded_by = new
    old.save()
    registry.sync(old)
    registry.sync(new)
    assert entry(old).boost < entry(new).boost


def test_replaced_guidance_is_marked_in_search_hits_and_the_api(client, family):
    old = family["guidance"]
    new = make.guidance(f"Current guidance on {WORD}")
    old.superseded_by = new
    old.save_revision().publish()
    registry.sync(new)
    assert entry(old).replaced and not entry(new).replaced

    hits = client.get("/api/search/", {"q": WORD, "kind": "guidance"}).json()["hits"]
    assert {hit["title"]: hit["replaced"] for hit in hits} == {
        old.title: True,
        new.title: False,
    }
    page = client.get("/search/", {"q": WORD, "kind": "guidance"}).content.decode()
    assert page.count("Newer guidance replaces this page.") == 1
    # The mark sits with the replaced hit, after its title and before the next hit's.
    assert page.index(old.title) < page.index("Newer guidance replaces this page.")


def test_guidance_no_longer_replaced_loses_its_mark(family):
    old = family["guidance"]
    old.superseded_by = make.guidance(f"Current guidance on {WORD}")
    old.save_revision().publish()
    assert entry(old).replaced
    old.superseded_by = None
    old.save_revision().publish()
    assert not entry(old).replaced
