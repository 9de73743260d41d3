"""The programme team moderates inline and in the Wagtail admin; every change tells search."""

import re

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


def test_hiding_the_accepted_answer_and_showing_it_again_keeps_solved(client, moderator):
    thread = make_thread(area="members")
    answer = make_reply(thread=thread, body="Pay the home four weeks in advance.")
    services.answer_accept(user=thread.author, thread=thread, reply=answer)
    client.force_login(moderator)
    hidden = client.post(
        f"/discussions/replies/{answer.pk}/moderate/", {"action": "hide"}, follow=True
    )
    assert "It was the accepted answer" in hidden.text
    thread.refresh_from_db()
    assert not thread.is_solved  # a hidden reply is nobody's answer
    client.post(f"/discussions/replies/{answer.pk}/moderate/", {"action": "unhide"})
    thread.refresh_from_db()
    assert thread.accepted_reply == answer
    client.force_login(thread.author)
    page = client.get(thread.get_absolute_url()).text
    assert "Solved" in page and "Accepted answer" in page


def test_an_answer_chosen_while_the_old_one_was_hidden_is_kept(moderator):
    thread = make_thread(area="members")
    first, second = make_reply(thread=thread), make_reply(thread=thread)
    services.answer_accept(user=thread.author, thread=thread, reply=first)
    moderation.reply_set_hidden(by=moderator, reply=first, hidden=True)
    thread.refresh_from_db()
    services.answer_accept(user=thread.author, thread=thread, reply=second)
    first.refresh_from_db()
    moderation.reply_set_hidden(by=moderator, reply=first, hidden=False)
    thread.refresh_from_db()
    assert thread.accepted_reply == second
    # Unmarking after the hide is the asker's choice too: showing the old answer keeps it unmarked.
    third = make_reply(thread=thread)
    services.answer_accept(user=thread.author, thread=thread, reply=third)
    moderation.reply_set_hidden(by=moderator, reply=third, hidden=True)
    thread.refresh_from_db()
    services.answer_accept(user=thread.author, thread=thread, reply=None)
    third.refresh_from_db()
    moderation.reply_set_hidden(by=moderator, reply=third, hidden=False)
    thread.refresh_from_db()
    assert thread.accepted_reply is None


def test_moving_to_a_wider_audience_says_who_will_see_what_before_it_moves(client, moderator):
    thread = make_thread(area="evaluators", title="Evaluator only question on fieldwork")
    for _ in range(3):
        make_reply(thread=thread)
    hidden = make_reply(thread=thread)
    moderation.reply_set_hidden(by=moderator, reply=hidden, hidden=True)
    client.force_login(moderator)
    url = f"/discussions/{thread.pk}/moderate/"
    asked = client.post(url, {"action": "move", "area": "members"})
    assert asked.status_code == 200
    assert "The question and its 3 replies will become visible to every approved member." in (
        " ".join(asked.text.split())
    )
    assert "Evaluators and the programme team" in asked.text
    assert "1 hidden reply stays hidden." in asked.text
    assert asked["Cache-Control"] == "private, no-store"
    thread.refresh_from_db()
    assert thread.area == "evaluators"  # nothing moved yet
    moved = client.post(url, {"action": "move", "area": "members", "confirm": "on"}, follow=True)
    thread.refresh_from_db()
    assert (thread.area, thread.audience) == ("members", "members")
    assert "The discussion is moved to “Approved members”." in moved.text


@pytest.mark.parametrize(
    ("old", "new", "readers"),
    [
        ("members", "public", "everyone, including people who are not signed in"),
        ("steering", "members", "every approved member"),
        ("evaluators", "trailblazers", "trailblazer staff"),
    ],
)
def test_every_widening_move_is_asked_about(client, moderator, old, new, readers):
    thread = make_thread(area=old)
    client.force_login(moderator)
    asked = client.post(f"/discussions/{thread.pk}/moderate/", {"action": "move", "area": new})
    assert f"will become visible to {readers}." in " ".join(asked.text.split())
    thread.refresh_from_db()
    assert thread.area == old


def test_a_narrowing_move_needs_no_confirmation(client, moderator):
    thread = make_thread(area="members")
    client.force_login(moderator)
    response = client.post(
        f"/discussions/{thread.pk}/moderate/", {"action": "move", "area": "evaluators"}
    )
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.area == "evaluators"


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("lock", "The discussion is locked. No one can reply until it is unlocked."),
        ("pin", "The discussion is pinned to the top of the list."),
        ("hide", "The discussion is hidden. Only the programme team can see it."),
    ],
)
def test_moderation_messages_are_plain_words(client, moderator, action, message):
    thread = make_thread(area="members")
    client.force_login(moderator)
    response = client.post(f"/discussions/{thread.pk}/moderate/", {"action": action}, follow=True)
    assert message in response.text
    assert "Done:" not in response.text


def test_the_report_queue_says_open_or_resolved_in_words(client, moderator):
    thread = make_thread(area="members")
    Flag.objects.create(thread=thread, reporter=UserFactory(), reason="Open one")
    Flag.objects.create(thread=thread, reporter=UserFactory(), reason="Old one", resolved=True)
    client.force_login(moderator)
    listing = client.get("/admin/snippets/discussions/flag/").text
    cells = [
        " ".join(re.sub(r"<[^>]+>", " ", cell).split())
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", listing, re.S)
    ]
    assert "Open" in cells and "Resolved" in cells
    assert "True" not in cells and "False" not in cells
