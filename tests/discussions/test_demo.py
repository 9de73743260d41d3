from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from discussions.models import Thread
from tests.privacy import DISCUSSION_AREAS, sees


@pytest.mark.django_db
@override_settings(HUB_DEMO_PASSWORD="demo-password-for-tests")
def test_demo_threads_load_once_with_accepted_answers_and_restricted_areas():
    call_command("load_demo", stdout=StringIO())
    count = Thread.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert Thread.objects.count() == count >= 6
    assert Thread.objects.filter(accepted_reply__isnull=False).count() >= 4
    steering = Thread.objects.get(title__contains="Brindlewick")
    assert steering.area == "steering"
    assert set(steering.groups.values_list("name", flat=True)) == {
        "Steering group",
        "Programme team",
    }
    assert {t.area for t in Thread.objects.all()} >= {"public", "members", "evaluators"}


# The demo's canary words, by the area of their thread.
DEMO_CANARIES = {"Brindlewick": "steering", "Quorrelby": "evaluators", "Pellowtree": "trailblazers"}
# Demo user (``hub.accounts.demo``; None is an anonymous visitor) -> the actor they are.
DEMO_ACTORS = {
    None: "anonymous",
    "pending": "pending",
    "member": "council_member",
    "provider": "provider",
    "trailblazer": "trailblazer",
    "evaluator": "evaluator",
    "steering": "steering",
    "editor": "programme_team",
}
# Demo user: the canary words they may read.
DEMO_SEES = {
    username: {word for word, area in DEMO_CANARIES.items() if sees(actor, DISCUSSION_AREAS[area])}
    for username, actor in DEMO_ACTORS.items()
}


@pytest.mark.django_db
@override_settings(HUB_DEMO_PASSWORD="demo-password-for-tests")
@pytest.mark.parametrize("username", DEMO_SEES)
def test_demo_canaries_reach_only_their_areas(client, username):
    from hub.accounts.models import User

    call_command("load_demo", stdout=StringIO())
    if username:
        client.force_login(User.objects.get(username=username))
    listing = client.get("/discussions/?sort=newest").text
    found = client.get("/discussions/similar/?q=Brindlewick Quorrelby Pellowtree").json()
    similar = str(found["results"])
    pages = "".join(client.get(t.get_absolute_url()).text for t in Thread.objects.all())
    for word in ("Brindlewick", "Quorrelby", "Pellowtree"):
        expected = word in DEMO_SEES[username]
        for channel, text in (("list", listing), ("similar", similar), ("detail", pages)):
            assert (word in text) is expected, (username, word, channel)
    assert "about payment timing" in listing
