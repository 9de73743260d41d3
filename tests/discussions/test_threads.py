"""Asking, listing, reading, replying, editing, deleting, accepting, reporting and following."""

import pytest

from discussions.models import Flag, Follow, PostRevision, Reply, Thread
from hub.accounts import roles
from tests.factories import UserFactory
from tests.factories.discussions import make_reply, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return UserFactory(roles=[roles.TRAILBLAZER_STAFF])


def test_a_member_asks_a_question_and_follows_it(client, member):
    client.force_login(member)
    response = client.post(
        "/discussions/new/",
        {
            "title": "How did you handle third-party top-ups?",
            "body": "We need **advice** on top-ups.",
            "tags": "top-ups, Care homes",
            "area": "trailblazers",
        },
    )
    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    assert thread.author == member
    assert thread.body_html == "<p>We need <strong>advice</strong> on top-ups.</p>\n"
    assert sorted(t.name for t in thread.tags.all()) == ["Care homes", "top-ups"]
    assert thread.audience == "groups"
    assert set(thread.groups.values_list("name", flat=True)) == {
        roles.TRAILBLAZER_STAFF,
        roles.PROGRAMME_TEAM,
    }
    assert Follow.objects.filter(user=member, thread=thread, notify=True).exists()
    page = client.get(thread.get_absolute_url())
    assert "<strong>advice</strong>" in page.text


def test_the_form_offers_only_areas_the_author_belongs_to(client):
    client.force_login(UserFactory(roles=[roles.PROVIDERS]))
    text = client.get("/discussions/new/").text
    assert 'value="members"' in text
    assert 'value="public"' in text
    for key in ("trailblazers", "evaluators", "steering"):
        assert f'value="{key}"' not in text


def test_anonymous_visitors_are_sent_to_sign_in_and_pending_members_may_not_post(client):
    response = client.get("/discussions/new/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    client.force_login(UserFactory(status="pending"))
    response = client.post("/discussions/new/", {"title": "A pending question here", "body": "x"})
    assert response.status_code == 403
    assert not Thread.objects.exists()


def test_replies_in_order_with_the_accepted_answer_first(client, member):
    thread = make_thread(author=member, area="public")
    first = make_reply(thread=thread, body="First reply, written earliest.")
    second = make_reply(thread=thread, body="Second reply, the one that worked.")
    third = make_reply(thread=thread, body="Third reply, written last.")
    client.force_login(member)
    response = client.post(f"/discussions/{thread.pk}/accept/", {"reply": second.pk})
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.accepted_reply == second
    text = client.get(thread.get_absolute_url()).text
    positions = [text.index(r.body) for r in (second, first, third)]
    assert positions == sorted(positions)
    assert text.index(thread.body) < positions[0]
    assert "Accepted answer" in text


def test_only_the_asker_can_accept_an_answer(client, member):
    thread = make_thread(author=member, area="members")
    reply = make_reply(thread=thread)
    other = UserFactory()
    client.force_login(other)
    response = client.post(f"/discussions/{thread.pk}/accept/", {"reply": reply.pk})
    assert response.status_code == 403
    thread.refresh_from_db()
    assert thread.accepted_reply is None


def test_a_reply_is_posted_counted_and_followed(client, member):
    thread = make_thread(area="members")
    client.force_login(member)
    response = client.post(f"/discussions/{thread.pk}/reply/", {"body": "We paid *in advance*."})
    reply = Reply.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reply.get_absolute_url()
    thread.refresh_from_db()
    assert thread.reply_count == 1
    assert thread.last_activity_at == reply.created_at
    assert Follow.objects.filter(user=member, thread=thread).exists()


def test_editing_keeps_the_history_and_says_edited(client, member):
    thread = make_thread(author=member, area="members", body="The first wording.")
    client.force_login(member)
    response = client.post(
        f"/discussions/{thread.pk}/edit/",
        {"title": thread.title, "body": "The second wording.", "tags": "contracts"},
    )
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.body == "The second wording."
    assert thread.edited_at is not None
    assert [t.name for t in thread.tags.all()] == ["contracts"]
    assert PostRevision.objects.get(thread=thread).body == "The first wording."
    text = client.get(thread.get_absolute_url()).text
    assert ">edited</a>" in text
    history = client.get(f"/discussions/{thread.pk}/history/").text
    assert "The first wording." in history and "The second wording." in history

    reply = make_reply(thread=thread, author=member, body="Reply before.")
    response = client.post(f"/discussions/replies/{reply.pk}/edit/", {"body": "Reply after."})
    assert response.status_code == 302
    history = client.get(f"/discussions/{thread.pk}/replies/{reply.pk}/history/").text
    assert "Reply before." in history and "Reply after." in history


def test_deleting_a_reply_leaves_a_marker_so_the_thread_still_reads(client, member):
    thread = make_thread(area="members")
    reply = make_reply(thread=thread, author=member, body="Something I regret saying.")
    client.force_login(member)
    confirm = client.get(f"/discussions/replies/{reply.pk}/delete/")
    assert confirm.status_code == 200
    reply.refresh_from_db()
    assert not reply.is_deleted  # a GET changes nothing
    response = client.post(f"/discussions/replies/{reply.pk}/delete/")
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.is_deleted
    text = client.get(thread.get_absolute_url()).text
    assert "Something I regret saying." not in text
    assert "This reply was deleted by its author." in text
    thread.refresh_from_db()
    assert thread.reply_count == 0


def test_deleting_the_question_keeps_title_and_replies(client, member):
    thread = make_thread(author=member, area="members", body="Question text to remove.")
    make_reply(thread=thread, body="An answer that stays.")
    client.force_login(member)
    assert client.post(f"/discussions/{thread.pk}/delete/").status_code == 302
    text = client.get(thread.get_absolute_url()).text
    assert "Question text to remove." not in text
    assert "An answer that stays." in text
    assert thread.title in text


def test_reporting_a_reply_puts_it_in_the_queue(client, member):
    thread = make_thread(area="members")
    reply = make_reply(thread=thread)
    client.force_login(member)
    response = client.post(
        f"/discussions/{thread.pk}/replies/{reply.pk}/report/", {"reason": "Personal data."}
    )
    assert response.status_code == 302
    flag = Flag.objects.get()
    assert (flag.reply, flag.reporter, flag.reason, flag.resolved) == (
        reply,
        member,
        "Personal data.",
        False,
    )


def test_a_refused_report_answers_400_and_keeps_what_was_typed(client, member):
    thread = make_thread(area="members")
    client.force_login(member)
    response = client.post(f"/discussions/{thread.pk}/report/", {"reason": "x" * 1001})
    assert response.status_code == 400
    assert "x" * 1001 in response.text
    assert not Flag.objects.exists()
    assert client.get(f"/discussions/{thread.pk}/report/").status_code == 200


def test_following_and_unfollowing_a_thread_and_a_tag(client, member):
    thread = make_thread(area="members", tags=["contracts"])
    client.force_login(member)
    client.post(f"/discussions/{thread.pk}/follow/", {"action": "follow"})
    assert Follow.objects.filter(user=member, thread=thread).exists()
    client.post(f"/discussions/{thread.pk}/follow/", {"action": "unfollow"})
    assert not Follow.objects.filter(user=member, thread=thread).exists()
    client.post("/discussions/tags/contracts/follow/", {"action": "follow"})
    assert Follow.objects.filter(user=member, tag__slug="contracts").exists()
    client.post("/discussions/tags/contracts/follow/", {"action": "unfollow"})
    assert not Follow.objects.filter(user=member, tag__slug="contracts").exists()


def test_list_filters_and_sorts(client, member):
    solved = make_thread(area="members", tags=["contracts"], title="Solved question on contracts")
    make_reply(thread=solved)
    answered = make_thread(area="members", title="Answered question on timing")
    make_reply(thread=answered)
    make_reply(thread=answered)
    unanswered = make_thread(area="members", title="Unanswered question on top-ups")
    from discussions import services

    services.answer_accept(user=solved.author, thread=solved, reply=solved.replies.get())
    client.force_login(member)

    def titles(query):
        text = client.get(f"/discussions/?{query}").text
        found = [t for t in (solved, answered, unanswered) if t.title in text]
        return sorted(found, key=lambda t: text.index(t.title))

    assert titles("tag=contracts") == [solved]
    assert titles("status=solved") == [solved]
    assert titles("status=unanswered") == [unanswered]
    assert titles("sort=replies")[0] == answered
    assert titles("sort=newest")[0] == unanswered
    assert titles("area=public") == []
    assert len(titles("area=members&sort=nonsense&status=bogus&page=x")) == 3


def test_list_is_paginated(client, member):
    for _ in range(23):
        make_thread(area="public")
    first = client.get("/discussions/").text
    second = client.get("/discussions/?page=2").text
    assert "Page 1 of 2" in first
    assert first.count("hub-thread-list__item") == 20
    assert second.count("hub-thread-list__item") == 3


@pytest.mark.parametrize("how_many", [3, 30])
def test_list_costs_the_same_queries_for_3_and_30_threads(
    client, how_many, django_assert_max_num_queries
):
    reader = UserFactory(roles=[roles.EVALUATORS])
    for n in range(how_many):
        thread = make_thread(area="evaluators" if n % 2 else "members", tags=["a-tag", f"t{n}"])
        make_reply(thread=thread)
    client.force_login(reader)
    with django_assert_max_num_queries(14):
        response = client.get("/discussions/?sort=activity")
    assert response.status_code == 200
    shown = response.text.count('class="govuk-tag govuk-tag--grey" href="/discussions/?tag=t')
    assert shown == min(how_many, 20)  # each listed thread's own tag, from the prefetch


@pytest.mark.parametrize("how_many", [3, 30])
def test_thread_page_costs_the_same_queries_for_3_and_30_replies(
    client, how_many, django_assert_max_num_queries
):
    thread = make_thread(area="members", tags=["contracts", "fees"])
    for _ in range(how_many):
        make_reply(thread=thread)
    client.force_login(UserFactory())
    with django_assert_max_num_queries(14):
        response = client.get(thread.get_absolute_url())
    assert response.status_code == 200
    assert response.text.count('class="hub-reply') == how_many


def test_similar_threads_json_ranks_by_shared_words_and_tags(client, member):
    best = make_thread(area="members", title="Third-party top-ups for care homes", tags=["top-ups"])
    make_thread(area="members", title="Paying care homes in advance")
    # Similar threads come from the search engine, which reads bodies too (with stemming):
    # this one shares no word with the question anywhere.
    make_thread(area="members", title="Something else entirely here", body="Minutes of May.")
    client.force_login(member)
    data = client.get("/discussions/similar/?q=How do top-ups work in care homes").json()
    assert data["query"] == "How do top-ups work in care homes"
    titles = [r["title"] for r in data["results"]]
    assert titles[0] == best.title
    assert "Paying care homes in advance" in titles
    assert "Something else entirely here" not in titles
    assert data["results"][0] == {
        "id": best.pk,
        "title": best.title,
        "url": best.get_absolute_url(),
        "replies": 0,
        "solved": False,
        "tags": ["top-ups"],
    }
    assert client.get("/discussions/similar/?q=the and").json()["results"] == []


def test_discussions_are_in_the_navigation_and_link_their_site(client, member):
    from hub.accounts.models import Organisation

    site = Organisation.objects.create(
        name="Enfield Test", slug="enfield-test", is_trailblazer=True
    )
    thread = make_thread(area="public", organisation=site)
    text = client.get(thread.get_absolute_url()).text
    assert 'href="/discussions/"' in text
    assert (
        'about <a class="govuk-link" href="/organisations/enfield-test/">Enfield Test</a>' in text
    )


def test_an_empty_post_to_the_new_thread_form_shows_errors_and_stores_nothing(client):
    from discussions.models import Thread
    from hub.accounts import roles
    from tests.factories import UserFactory

    client.force_login(UserFactory(roles=[roles.LOCAL_AUTHORITY_MEMBERS]))
    response = client.post("/discussions/new/", {})
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert not Thread.objects.exists()


def test_a_question_names_a_learning_event_its_author_may_see(client, member):
    from wagtail.models import BaseViewRestriction

    from tests.factories import pages

    public = pages.event("Yarrowby learning event")
    steering = pages.event("Quillbrook steering event")
    pages.restrict(steering, BaseViewRestriction.GROUPS, groups=[roles.STEERING_GROUP])
    client.force_login(member)
    form = client.get("/discussions/new/").text
    assert 'name="learning_event"' in form
    assert "Yarrowby learning event" in form
    assert "Quillbrook" not in form
    question = {"title": "What did the Yarrowby event decide?", "body": "x", "area": "members"}
    refused = client.post("/discussions/new/", {**question, "learning_event": steering.pk})
    assert refused.status_code == 400
    assert not Thread.objects.exists()
    client.post("/discussions/new/", {**question, "learning_event": public.pk})
    assert Thread.objects.get().learning_event.pk == public.pk


def test_the_event_field_is_gone_while_no_app_hands_over_learning_events(
    client, member, monkeypatch
):
    from discussions import events

    monkeypatch.setattr(events, "_source", None)
    client.force_login(member)
    assert 'name="learning_event"' not in client.get("/discussions/new/").text
    response = client.post(
        "/discussions/new/",
        {"title": "A question without an event", "body": "Details.", "area": "members"},
    )
    assert response.status_code == 302
    assert Thread.objects.get().learning_event is None
