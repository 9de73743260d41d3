"""The programme team moderates inline and in the Wagtail admin; every change tells search."""

import pytest

from discussions import moderation, services
from discussions.models import Flag, Follow, Thread
from discussions.signals import thread_changed
from hub.accounts import roles
from tests.factories import UserFactory
from tests.factories.discussions import make_reply, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    return UserFactory(roles=[roles.PROGRAMME_TEAM])


@pytest.fixture
def changes():
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance.pk)

    thread_changed.connect(receiver)
    yield seen
    thread_changed.disconnect(receiver)


def test_moderators_see_the_panel_and_others_do_not(client, moderator):
    thread = make_thread(area="members")
    client.force_login(UserFactory())
    assert "Moderation" not in client.get(thread.get_absolute_url()).text
    client.force_login(moderator)
    assert "Hide discussion" in client.get(thread.get_absolute_url()).text


@pytest.mark.parametrize(
    ("action", "field", "value"),
    [("hide", "is_hidden", True), ("lock", "is_locked", True), ("pin", "is_pinned", True)],
)
def test_inline_thread_actions(client, moderator, changes, action, field, value):
    thread = make_thread(area="members")
    client.force_login(moderator)
    response = client.post(f"/discussions/{thread.pk}/moderate/", {"action": action})
    assert response.status_code == 302
    thread.refresh_from_db()
    assert getattr(thread, field) is value
    assert thread.pk in changes
    client.post(f"/discussions/{thread.pk}/moderate/", {"action": "un" + action})
    thread.refresh_from_db()
    assert getattr(thread, field) is not value


def test_pinned_threads_come_first(client, moderator):
    pinned = make_thread(area="public", title="An older pinned question")
    make_thread(area="public", title="A newer ordinary question")
    moderation.thread_set(by=moderator, thread=pinned, action="pin")
    text = client.get("/discussions/").text
    assert text.index("An older pinned question") < text.index("A newer ordinary question")


def test_move_area_changes_who_can_read(client, moderator, changes):
    thread = make_thread(area="public", title="Moving this question to steering")
    client.force_login(moderator)
    client.post(f"/discussions/{thread.pk}/moderate/", {"action": "move", "area": "steering"})
    thread.refresh_from_db()
    assert (thread.area, thread.audience) == ("steering", "groups")
    assert thread.pk in changes
    client.logout()
    assert client.get(thread.get_absolute_url()).status_code == 404
    assert "Moving this question" not in client.get("/discussions/").text
    bad = client.post(f"/discussions/{thread.pk}/moderate/", {"action": "move", "area": "x"})
    assert bad.status_code in {302, 403}


def test_retag_checks_the_tag_rules(client, moderator, changes):
    thread = make_thread(area="members", tags=["old"])
    client.force_login(moderator)
    client.post(f"/discussions/{thread.pk}/moderate/", {"action": "retag", "tags": "top-ups, fees"})
    assert sorted(t.name for t in thread.tags.all()) == ["fees", "top-ups"]
    client.post(f"/discussions/{thread.pk}/moderate/", {"action": "retag", "tags": "!!!"})
    assert sorted(t.name for t in thread.tags.all()) == ["fees", "top-ups"]
    assert thread.pk in changes


def test_hidden_reply_vanishes_for_readers_and_stays_for_moderators(client, moderator, changes):
    thread = make_thread(area="public")
    reply = make_reply(thread=thread, body="A reply with Quibblefen in it.")
    services.answer_accept(user=thread.author, thread=thread, reply=reply)
    Flag.objects.create(thread=thread, reply=reply, reporter=UserFactory(), reason="Spam")
    client.force_login(moderator)
    response = client.post(f"/discussions/replies/{reply.pk}/moderate/", {"action": "hide"})
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.reply_count == 0
    assert thread.accepted_reply is None
    assert Flag.objects.get().resolved
    assert "Quibblefen" not in thread.search_text()
    assert "Quibblefen" in client.get(thread.get_absolute_url()).text  # marked, to unhide
    client.logout()
    assert "Quibblefen" not in client.get(thread.get_absolute_url()).text
    assert client.get(f"/discussions/{thread.pk}/replies/{reply.pk}/history/").status_code == 404


def test_merge_tags_moves_threads_and_followers(client, moderator):
    one = make_thread(area="members", tags=["top up"])
    both = make_thread(area="members", tags=["top up", "top-ups"])
    follower = UserFactory()
    source = one.tags.get()
    target = both.tags.get(slug="top-ups")
    Follow.objects.create(user=follower, tag=source)
    client.force_login(moderator)
    response = client.post("/discussions/tags/merge/", {"source": "top-up", "target": "top-ups"})
    assert response.status_code == 302
    assert [t.slug for t in one.tags.all()] == ["top-ups"]
    assert [t.slug for t in both.tags.all()] == ["top-ups"]
    assert Follow.objects.get(user=follower).tag == target
    client.force_login(UserFactory())
    forbidden = client.post("/discussions/tags/merge/", {"source": "top-ups", "target": "x"})
    assert forbidden.status_code == 403


def test_search_text_has_question_accepted_answer_then_visible_replies():
    thread = make_thread(area="members", title="Search text question here", body="Q body")
    make_reply(thread=thread, body="First reply")
    accepted = make_reply(thread=thread, body="Accepted reply")
    deleted = make_reply(thread=thread, body="Deleted reply")
    services.reply_delete(user=deleted.author, reply=deleted)
    services.answer_accept(user=thread.author, thread=thread, reply=accepted)
    text = Thread.objects.get(pk=thread.pk).search_text()
    assert text.split("\n\n") == [
        "Search text question here",
        "Q body",
        "Accepted reply",
        "First reply",
    ]


def test_every_kind_of_change_sends_thread_changed(moderator, changes):
    thread = make_thread(area="members")
    reply = make_reply(thread=thread)
    services.reply_edit(user=reply.author, reply=reply, body="Edited words.")
    services.thread_edit(user=thread.author, thread=thread, title=thread.title, body="New body")
    services.answer_accept(user=thread.author, thread=thread, reply=reply)
    services.reply_delete(user=reply.author, reply=reply)
    services.thread_delete(user=thread.author, thread=thread)
    assert changes.count(thread.pk) >= 7


def test_the_report_queue_in_the_admin(client, moderator):
    thread = make_thread(area="steering", body="Reported steering text.")
    Flag.objects.create(thread=thread, reporter=UserFactory(), reason="Looks wrong")
    client.force_login(moderator)
    listing = client.get("/admin/snippets/discussions/flag/")
    assert listing.status_code == 200
    assert "Looks wrong" in listing.text
    assert thread.get_absolute_url() in listing.text
    flag = Flag.objects.get()
    edit = client.get(f"/admin/snippets/discussions/flag/edit/{flag.pk}/")
    assert edit.status_code == 200
    client.force_login(UserFactory(roles=[roles.TRAILBLAZER_STAFF]))
    assert client.get("/admin/snippets/discussions/flag/").status_code in {302, 403}


def test_resolving_a_report_in_the_admin_records_who_and_when(client, moderator):
    from django.utils import timezone
    from wagtail.models import ModelLogEntry

    thread = make_thread(area="members")
    flag = Flag.objects.create(thread=thread, reporter=UserFactory(), reason="Looks wrong")
    client.force_login(moderator)
    before = timezone.now()
    response = client.post(f"/admin/snippets/discussions/flag/edit/{flag.pk}/", {"resolved": "on"})
    assert response.status_code == 302
    flag.refresh_from_db()
    assert (flag.resolved, flag.resolved_by) == (True, moderator)
    assert before <= flag.resolved_at <= timezone.now()
    assert ModelLogEntry.objects.filter(object_id=str(flag.pk), user=moderator).exists()
    # Saving it again keeps the first resolution.
    resolved_at = flag.resolved_at
    client.post(f"/admin/snippets/discussions/flag/edit/{flag.pk}/", {"resolved": "on"})
    flag.refresh_from_db()
    assert (flag.resolved_at, flag.resolved_by) == (resolved_at, moderator)


def test_moderators_hide_but_never_rewrite_someone_elses_post(client, moderator):
    thread = make_thread(area="members", body="A member's own words.")
    reply = make_reply(thread=thread, body="Another member's words.")
    client.force_login(moderator)
    for url in (
        f"/discussions/{thread.pk}/edit/",
        f"/discussions/replies/{reply.pk}/edit/",
        f"/discussions/replies/{reply.pk}/delete/",
    ):
        assert (
            client.post(url, {"title": "Rewritten title", "body": "Rewritten."}).status_code == 403
        )
    thread.refresh_from_db()
    reply.refresh_from_db()
    assert (thread.body, reply.body, reply.is_deleted) == (
        "A member's own words.",
        "Another member's words.",
        False,
    )


def test_only_moderators_can_list_hidden_threads(client, moderator):
    thread = make_thread(area="public", title="Hidden question about Zephyrine")
    moderation.thread_set(by=moderator, thread=thread, action="hide")
    client.force_login(UserFactory())
    assert "Zephyrine" not in client.get("/discussions/?status=hidden").text
    client.force_login(moderator)
    text = client.get("/discussions/?status=hidden").text
    assert "Zephyrine" in text
    assert "Zephyrine" not in client.get("/discussions/").text
