"""What goes into an entry's searchable text besides the item's own words: who it is from,
where and when it happened and what kind of item it is; and nothing that is not there."""

import datetime
import json

import pytest
from django.utils import timezone
from wagtail.models import Collection

from resources.models import Resource
from search import registry, selectors
from search.models import SearchEntry
from tests.factories import OrganisationFactory
from tests.factories import pages as make
from tests.factories.discussions import make_thread
from tests.factories.resources import make_resource

pytestmark = pytest.mark.django_db


def titles(text):
    return {hit.title for hit in selectors.search(user=None, text=text).result.hits}


def test_an_organisations_name_finds_its_documents_examples_and_threads():
    council = OrganisationFactory(name="Kelpmoor Council", is_trailblazer=True)
    make_resource(
        collection=Collection.get_first_root_node(),
        title="Offer letter",
        text="Dear resident, you can now choose a direct payment.",
        organisation=council,
    )
    make.practice("Joint reviews with homes", organisation=council)
    make_thread(area="public", title="Who pays the deposit?", organisation=council)
    make.practice("Someone else's example")
    registry.rebuild()
    assert titles("Kelpmoor") == {
        "Offer letter",
        "Joint reviews with homes",
        "Who pays the deposit?",
    }


def test_a_documents_kind_is_searchable():
    make_resource(
        collection=Collection.get_first_root_node(),
        title="Launch day",
        text="Welcome to the programme.",
        kind=Resource.Kind.SLIDES,
    )
    registry.rebuild()
    assert titles("launch slides") == {"Launch day"}


def test_events_are_found_by_venue_day_and_kind_and_empty_agenda_fields_add_nothing():
    make.event(
        "Spring meeting",
        venue="Scunthorpe",
        starts_at=timezone.make_aware(datetime.datetime(2015, 3, 18, 10)),
        agenda=json.dumps(
            [
                {"type": "item", "value": {"time": "10:00", "title": "Welcome"}},
                {"type": "item", "value": {"time": "11:00", "title": "Updates", "lead": ""}},
            ]
        ),
    )
    make.news("Sites announced", date=datetime.date(2013, 11, 5))
    registry.rebuild()
    event = SearchEntry.objects.get(title="Spring meeting")
    assert "None" not in event.body.split()
    assert "Welcome" in event.body and "Updates" in event.body
    assert titles("Scunthorpe") == {"Spring meeting"}
    assert titles("learning event March 2015") >= {"Spring meeting"}
    assert titles("November 2013") == {"Sites announced"}
    assert titles("none") == set()
