"""A document dated only "August 2015" or "2015" is shown so, in results and in the JSON."""

import datetime

import pytest
from wagtail.models import Collection

from resources.models import Resource
from search import registry
from search.models import SearchEntry
from tests.factories.resources import make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents():
    for title, day, precision in [
        ("Winter review", datetime.date(2015, 8, 1), Resource.DatePrecision.MONTH),
        ("Annual letter", datetime.date(2015, 1, 1), Resource.DatePrecision.YEAR),
        ("Board minutes", datetime.date(2015, 8, 3), Resource.DatePrecision.DAY),
    ]:
        make_resource(
            collection=Collection.get_first_root_node(),
            title=title,
            text="Notes on the kelpwater scheme.",
            published_on=day,
            published_precision=precision,
        )
    registry.rebuild()


def test_entries_keep_the_documents_date_precision(documents):
    entries = SearchEntry.objects.filter(kind="resource")
    precision = dict(entries.values_list("title", "date_precision"))
    assert precision == {"Winter review": "month", "Annual letter": "year", "Board minutes": "day"}


def test_an_undated_document_is_dated_to_the_day_it_came_in():
    make_resource(collection=Collection.get_first_root_node(), title="Undated", text="kelpwater")
    registry.rebuild()
    entry = SearchEntry.objects.get(title="Undated")
    assert entry.date is not None
    assert entry.date_precision == "day"


def test_the_api_keeps_the_date_shape_and_says_how_much_of_it_is_known(client, documents):
    hits = client.get("/api/search/", {"q": "kelpwater"}).json()["hits"]
    dated = {hit["title"]: (hit["date"], hit["date_precision"]) for hit in hits}
    assert dated == {
        "Winter review": ("2015-08-01", "month"),
        "Annual letter": ("2015-01-01", "year"),
        "Board minutes": ("2015-08-03", "day"),
    }


def test_results_show_the_date_as_precisely_as_it_is_known(client, documents):
    page = client.get("/search/", {"q": "kelpwater"}).content.decode()
    assert '<time datetime="2015-08">August 2015</time>' in page
    assert '<time datetime="2015">2015</time>' in page
    assert '<time datetime="2015-08-03">3 August 2015</time>' in page
    assert "1 August 2015" not in page
    assert "1 January 2015" not in page


def test_a_change_of_precision_reaches_search():
    resource = make_resource(
        collection=Collection.get_first_root_node(),
        title="Spring plan",
        text="kelpwater",
        published_on=datetime.date(2016, 4, 1),
        published_precision=Resource.DatePrecision.MONTH,
    )
    registry.rebuild()
    resource.published_precision = Resource.DatePrecision.YEAR
    resource.save()
    assert SearchEntry.objects.get(title="Spring plan").date_precision == "year"
