"""Restricted threads never reach the wrong person: list, detail, tag filter, similar-thread
JSON, reply email and the weekly digest, for every kind of actor."""

import email

import pytest
from django.core.management import call_command

from discussions import moderation, services
from discussions.models import Follow
from tests.factories import UserFactory
from tests.factories.discussions import make_thread
from tests.privacy import DISCUSSION_AREAS, areas_seen

# Canary words, one per area; "Hiddenwick" is a public thread a moderator has hidden.
CANARIES = {
    "public": "Openwick",
    "members": "Memberwick",
    "trailblazers": "Trailwick",
    "evaluators": "Evalwick",
    "steering": "Steerwick",
}
SEES = areas_seen(DISCUSSION_AREAS)
MODERATORS = {"programme_team", "superuser"}


@pytest.fixture
def threads(db):
    made = {
        area: make_thread(
            area=area, tags=["canary"], title=f"{word} question about top-ups", body=f"{word} body"
        )
        for area, word in CANARIES.items()
    }
    hidden = make_thread(area="public", tags=["canary"], title="Hiddenwick question about top-ups")
    moderation.thread_set(by=UserFactory(is_superuser=True), thread=hidden, action="hide")
    made["hidden"] = hidden
    return made


def _login(client, actor):
    if actor is not None and actor.is_active:
        client.force_login(actor)


@pytest.mark.parametrize("actor_name", SEES)
def test_list_detail_and_similar_follow_the_matrix(actor_name, make_actor, threads, client):
    actor = make_actor(actor_name)
    _login(client, actor)
    listing = client.get("/discussions/").text + client.get("/discussions/?tag=canary").text
    similar = client.get("/discussions/similar/?q=question+top-ups+canary").text
    for area, word in CANARIES.items():
        expected = area in SEES[actor_name]
        assert (word in listing) is expected, (actor_name, area, "list")
        assert (word in similar) is expected, (actor_name, area, "similar")
        response = client.get(threads[area].get_absolute_url())
        assert (response.status_code == 200) is expected, (actor_name, area, "detail")
        assert (f"{word} body" in response.text) is expected
        if area != "public" and expected:
            assert response["Cache-Control"] == "private, no-store"
    # A hidden thread is gone from every listing, and opens only for moderators.
    assert "Hiddenwick" not in listing
    assert "Hiddenwick" not in similar
    hidden = client.get(threads["hidden"].get_absolute_url())
    assert (hidden.status_code == 200) is (actor_name in MODERATORS)


@pytest.mark.parametrize("actor_name", ["council_member", "provider", "pending"])
def test_restricted_thread_urls_are_a_plain_404(actor_name, make_actor, threads, client):
    _login(client, make_actor(actor_name))
    for area in ("trailblazers", "evaluators", "steering"):
        thread = threads[area]
        for url in (
            thread.get_absolute_url(),
            f"/discussions/{thread.pk}/history/",
            f"/discussions/{thread.pk}/report/",
        ):
            response = client.get(url)
            assert response.status_code in {302, 403, 404}, url
            assert CANARIES[area] not in response.text


def _received(inbox):
    """{recipient: [decoded text of every part]} for what reached the SMTP server."""
    got = {}
    for message in inbox:
        parts = [
            part.get_payload(decode=True).decode()
            for part in message.walk()
            if part.get_content_type() in {"text/plain", "text/html"}
        ]
        for rcpt in email.utils.getaddresses(message.get_all("To")):
            got.setdefault(rcpt[1], []).append("\n".join([message["Subject"], *parts]))
    return got


def test_reply_email_goes_only_to_followers_who_may_see_the_thread(
    actors, threads, smtp_inbox, django_capture_on_commit_callbacks
):
    people = {name: user for name, user in actors.items() if user is not None}
    for user in people.values():
        for thread in threads.values():
            Follow.objects.get_or_create(user=user, thread=thread)
    writer = UserFactory(is_superuser=True, email="writer@council.example")
    with django_capture_on_commit_callbacks(execute=True):
        for area in CANARIES:
            thread = threads[area]
            services.reply_create(author=writer, thread=thread, body=f"Reply in {thread.title}")
    got = _received(smtp_inbox)
    assert "writer@council.example" not in got
    for name, user in people.items():
        text = "\n".join(got.get(user.email, []))
        for area, word in CANARIES.items():
            expected = area in SEES[name] and user.is_active
            assert (word in text) is expected, (name, area)
        assert "Hiddenwick" not in text


def test_a_follower_who_loses_access_is_not_emailed(
    threads, smtp_inbox, django_capture_on_commit_callbacks
):
    thread = threads["members"]
    follower = UserFactory(email="follower@council.example")
    services.follow_thread(user=follower, thread=thread)
    moderation.thread_move(by=UserFactory(is_superuser=True), thread=thread, area="steering")
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_create(author=UserFactory(is_superuser=True), thread=thread, body="News.")
    assert "follower@council.example" not in _received(smtp_inbox)


def test_a_reply_hidden_before_the_email_goes_out_is_not_sent(
    threads, smtp_inbox, django_capture_on_commit_callbacks
):
    thread = threads["public"]
    services.follow_thread(user=UserFactory(email="reader@council.example"), thread=thread)
    moderator = UserFactory(is_superuser=True)
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.reply_create(author=UserFactory(), thread=thread, body="Rude words.")
        moderation.reply_set_hidden(by=moderator, reply=reply, hidden=True)
    assert smtp_inbox == []


def test_digest_lists_only_threads_each_follower_may_see(actors, threads, smtp_inbox):
    people = {name: user for name, user in actors.items() if user is not None}
    tag = threads["public"].tags.get()
    for user in people.values():
        Follow.objects.create(user=user, tag=tag)
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    got = _received(smtp_inbox)
    for name, user in people.items():
        text = "\n".join(got.get(user.email, []))
        if not user.is_approved:
            assert not text, name  # no digest for accounts that are not members
            continue
        for area, word in CANARIES.items():
            assert (word in text) is (area in SEES[name]), (name, area)
        assert "Hiddenwick" not in text


@pytest.mark.parametrize("actor_name", ["anonymous", "superuser", "steering"])
def test_the_feed_carries_only_public_threads_whoever_asks(actor_name, make_actor, threads, client):
    _login(client, make_actor(actor_name))
    response = client.get("/discussions/feed/")
    assert response.status_code == 200
    assert "Openwick" in response.text
    for word in ("Memberwick", "Trailwick", "Evalwick", "Steerwick", "Hiddenwick"):
        assert word not in response.text


def test_a_linked_learning_event_shows_only_to_those_who_may_see_it(db, client, make_actor):
    from wagtail.models import BaseViewRestriction, Page

    from tests.factories.pages import child_page, restrict

    home = Page.objects.get(depth=2)
    event = child_page(home, "Quillbrook learning event")
    restrict(event, BaseViewRestriction.GROUPS, groups=["Steering group"])
    thread = make_thread(area="public", learning_event=event)
    assert "Quillbrook" not in client.get(thread.get_absolute_url()).text
    client.force_login(make_actor("steering"))
    assert "Quillbrook learning event" in client.get(thread.get_absolute_url()).text
