"""The demo library loads, is idempotent, reads every file, and keeps its canaries private."""

import io

import pytest
from django.urls import reverse

from hub.accounts import demo as accounts_demo
from resources import demo as documents_demo
from resources.models import Resource

CANARIES = {
    "Brindlewick": {"trailblazer", "editor"},
    "Copperlynn": {"trailblazer", "editor"},
    "Tallowmere": {"evaluator", "editor"},
    "Quillmarsh": {"steering", "editor"},
}


@pytest.fixture
def demo(db):
    out = io.StringIO()
    accounts_demo.load(stdout=out, password="demo-password-123")
    documents_demo.load(stdout=out, password="demo-password-123")
    return out


def test_demo_loads_once_and_reads_every_file(demo):
    count = Resource.objects.count()
    assert count == len(documents_demo.DOCUMENTS)
    assert set(Resource.objects.values_list("extraction_status", flat=True)) == {"done"}
    # Slides come with the learning events' materials (tests/home/test_demo.py).
    assert set(Resource.objects.values_list("kind", flat=True)) >= {
        "guidance",
        "template",
        "notes",
        "report",
        "evaluation",
        "data",
    }
    documents_demo.load(stdout=io.StringIO())
    assert Resource.objects.count() == count


@pytest.mark.parametrize(
    "username", [None, "pending", "member", "provider", "trailblazer", "evaluator", "steering"]
)
def test_demo_canaries_reach_only_their_audience(client, demo, username):
    from hub.accounts.models import User

    if username:
        client.force_login(User.objects.get(username=username))
    pages = client.get(reverse("resources:library"), {"sort": "title"}).content.decode()
    for resource in Resource.objects.all():
        response = client.get(resource.get_absolute_url())
        if response.status_code == 200:
            pages += response.content.decode()
    for word, audience in CANARIES.items():
        assert (word in pages) == (username in audience), (username, word)
