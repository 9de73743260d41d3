"""Every bad input from the issue: a clear error, nothing stored or changed, never a 500."""

import re

import pytest
from django.test import Client

from discussions.models import Reply, Thread
from hub.accounts import roles
from tests.factories import UserFactory
from tests.factories.discussions import make_reply, make_thread

pytestmark = pytest.mark.django_db

GOOD = {"title": "How do you pay care homes?", "body": "In advance or arrears?", "area": "members"}


@pytest.fixture
def author(client):
    user = UserFactory(roles=[roles.PROVIDERS])
    client.force_login(user)
    return user


def ask(client, **changes):
    return client.post("/discussions/new/", {**GOOD, **changes})


def _summary(html):
    """The error summary's lines, each as (link target, message)."""
    summary = html.split("govuk-error-summary__list")[1].split("</ul>")[0]
    return re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', summary)


def test_an_empty_question_names_each_missing_field_and_links_to_it(client, author):
    response = client.post("/discussions/new/", {})
    assert response.status_code == 400
    assert _summary(response.text) == [
        ("id_title", "Enter title."),
        ("id_body", "Enter details."),
        ("id_area_0", "Select who can read it."),
    ]
    for target, _message in _summary(response.text):
        assert f'id="{target}"' in response.text
    assert "This field is required" not in response.text


def test_the_good_form_works(client, author):
    assert ask(client).status_code == 302
    assert Thread.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"body": "x" * 1_000_000}, "Details must be 20000 characters or fewer."),
        ({"body": "x" * 20_001}, "Details must be 20000 characters or fewer."),
        ({"body": ""}, "Enter details."),
        ({"body": "\u200b\u200b\u200b"}, "the text is empty"),
        ({"body": "Bad \x00 byte"}, "Null characters are not allowed"),
        ({"body": "Bad \x07 bell"}, "invisible control characters"),
        ({"title": "T" * 10_000}, "Title must be 200 characters or fewer."),
        ({"title": "Too short"}, "Title must be 10 characters or more."),
        ({"title": "Vertical\x0btab in my title"}, "control characters"),
        ({"title": "A NUL\x00 in my title"}, "control characters"),
        ({"title": "\u200b" * 12}, "Enter a title"),
        ({"tags": "!!!"}, "needs at least one letter or number"),
        ({"tags": "😀"}, "needs at least one letter or number"),
        ({"tags": "t" * 300}, "characters or fewer"),
        ({"tags": "a, b, c, d, e, f"}, "at most 5 tags"),
        (
            {"tags": ",".join(f"tag{n}" for n in range(2_000))},
            "Tags must be 400 characters or fewer.",
        ),
        ({"area": "steering"}, "Select a valid choice"),
        ({"area": "nowhere"}, "Select a valid choice"),
    ],
)
def test_bad_new_thread_input_is_refused_with_a_message(client, author, changes, message):
    response = ask(client, **changes)
    assert response.status_code == 400
    assert message in response.text
    assert "There is a problem" in response.text
    assert not Thread.objects.exists()


def test_a_refused_question_keeps_what_was_typed(client, author):
    response = ask(client, title="Too short", body="Our finance team asks about arrears.")
    assert response.status_code == 400
    assert 'value="Too short"' in response.text
    assert "Our finance team asks about arrears." in response.text


def test_a_refused_edit_answers_400_and_keeps_what_was_typed(client, author):
    thread = make_thread(author=author, area="members", body="First words.")
    response = client.post(
        f"/discussions/{thread.pk}/edit/", {"title": "Too short", "body": "Second words."}
    )
    assert response.status_code == 400
    assert "Title must be 10 characters or more." in response.text
    assert 'value="Too short"' in response.text
    assert "Second words." in response.text
    thread.refresh_from_db()
    assert thread.body == "First words."


def test_a_refused_reply_edit_answers_400(client, author):
    reply = make_reply(thread=make_thread(area="members"), author=author, body="First words.")
    response = client.post(f"/discussions/replies/{reply.pk}/edit/", {"body": "\u200b \u200d"})
    assert response.status_code == 400
    assert "the text is empty" in response.text
    reply.refresh_from_db()
    assert reply.body == "First words."


def test_two_thousand_tag_fields_are_refused_without_a_500(client, author):
    data = {**GOOD, "tags": [f"tag{n}" for n in range(2_000)]}
    response = client.post("/discussions/new/", data)
    assert response.status_code in {200, 400}
    assert not Thread.objects.exists()


@pytest.mark.parametrize(
    ("body", "forbidden"),
    [
        ("<script>alert('x')</script>", "<script>alert"),
        ("<img src=x onerror=alert(1)>", "<img"),
        ("[x](javascript:alert(1))", 'href="javascript'),
        ("[x](data:text/html,<script>alert(1)</script>)", 'href="data'),
    ],
)
def test_stored_scripts_stay_inert_on_the_page(client, author, body, forbidden):
    assert ask(client, body=body, area="public").status_code == 302
    thread = Thread.objects.get()
    assert thread.body == body  # kept as typed, so an edit shows what was written
    client.logout()
    page = client.get(thread.get_absolute_url()).text
    assert forbidden not in page


def test_a_title_with_markup_is_escaped_everywhere(client, author):
    title = '"><svg onload=alert(1)> how do we pay'
    assert ask(client, title=title, area="public").status_code == 302
    for url in ("/discussions/", Thread.objects.get().get_absolute_url()):
        text = client.get(url).text
        assert "<svg onload" not in text
        assert "&lt;svg onload=alert(1)&gt;" in text
    json = client.get("/discussions/similar/?q=svg pay").json()
    assert json["results"][0]["title"] == title  # JSON is data; the script inserts textContent


def test_extra_fields_from_a_non_moderator_are_ignored(client, author):
    other = UserFactory()
    response = ask(
        client, author=other.pk, pinned="on", is_pinned="1", locked="1", is_hidden="1", audience="x"
    )
    assert response.status_code == 302
    thread = Thread.objects.get()
    assert thread.author == author
    assert not (thread.is_pinned or thread.is_locked or thread.is_hidden)
    assert thread.area == "members"


def test_extra_fields_on_a_reply_and_an_edit_are_ignored(client, author):
    thread = make_thread(area="members")
    other = UserFactory()
    response = client.post(
        f"/discussions/{thread.pk}/reply/",
        {"body": "A plain reply.", "author": other.pk, "pinned": "on", "area": "public"},
    )
    assert response.status_code == 302
    assert Reply.objects.get().author == author
    thread.refresh_from_db()
    assert (thread.area, thread.is_pinned) == ("members", False)

    own = make_thread(author=author, area="members")
    client.post(
        f"/discussions/{own.pk}/edit/",
        {"title": own.title, "body": "New words.", "area": "public", "pinned": "on"},
    )
    own.refresh_from_db()
    assert (own.body, own.area, own.audience, own.is_pinned) == (
        "New words.",
        "members",
        "members",
        False,
    )


def test_moderation_by_a_non_moderator_is_refused(client, author):
    thread = make_thread(area="members")
    for action in ("hide", "lock", "pin", "move"):
        response = client.post(
            f"/discussions/{thread.pk}/moderate/", {"action": action, "area": "public"}
        )
        assert response.status_code == 403
    thread.refresh_from_db()
    assert (thread.is_hidden, thread.is_locked, thread.is_pinned, thread.area) == (
        False,
        False,
        False,
        "members",
    )


def test_editing_or_deleting_someone_elses_posts_is_refused(client, author):
    thread = make_thread(area="members", body="Their question.")
    reply = make_reply(thread=thread, body="Their reply.")
    urls = [
        f"/discussions/{thread.pk}/edit/",
        f"/discussions/{thread.pk}/delete/",
        f"/discussions/replies/{reply.pk}/edit/",
        f"/discussions/replies/{reply.pk}/delete/",
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
        response = client.post(url, {"title": "Taken over title", "body": "Taken over."})
        assert response.status_code == 403, url
    thread.refresh_from_db()
    reply.refresh_from_db()
    assert (thread.body, thread.is_deleted) == ("Their question.", False)
    assert (reply.body, reply.is_deleted) == ("Their reply.", False)


def test_guessed_ids_give_the_same_404_as_missing_posts(client, author):
    hidden_area = make_thread(area="steering", body="Steering business.")
    reply = make_reply(thread=hidden_area)
    for url in [
        f"/discussions/{hidden_area.pk}/",
        f"/discussions/{hidden_area.pk}/edit/",
        f"/discussions/replies/{reply.pk}/edit/",
        f"/discussions/replies/{reply.pk}/delete/",
        "/discussions/999999/",
        "/discussions/replies/999999/edit/",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Steering business." not in response.text


def test_deleting_by_get_changes_nothing(client, author):
    reply = make_reply(thread=make_thread(area="members"), author=author)
    client.get(f"/discussions/replies/{reply.pk}/delete/")
    reply.refresh_from_db()
    assert not reply.is_deleted


def test_replying_in_an_area_one_is_not_in_is_a_404(client, author):
    thread = make_thread(area="evaluators")
    response = client.post(f"/discussions/{thread.pk}/reply/", {"body": "Let me in."})
    assert response.status_code == 404
    assert not Reply.objects.exists()


def test_replying_to_a_locked_thread_is_refused(client, author):
    from discussions import moderation

    thread = make_thread(area="members")
    moderation.thread_set(by=UserFactory(is_superuser=True), thread=thread, action="lock")
    response = client.post(
        f"/discussions/{thread.pk}/reply/", {"body": "Too late? We paid weekly."}
    )
    assert response.status_code == 403
    assert not Reply.objects.exists()
    # Its own refusal, handing back what was written; not the "particular groups" page.
    assert "This thread is locked" in response.text
    assert "Too late? We paid weekly.</textarea>" in response.text
    assert "only for particular groups" not in response.text
    assert "locked" in client.get(thread.get_absolute_url()).text


def test_the_same_reply_twice_is_refused(client, author):
    from discussions import services

    thread = make_thread(area="members")
    services.reply_create(author=author, thread=thread, body="We paid in advance.")
    response = client.post(f"/discussions/{thread.pk}/reply/", {"body": "We paid in advance."})
    assert response.status_code == 400
    assert "You have just posted this reply" in response.text
    assert Reply.objects.count() == 1


def test_an_empty_reply_is_refused(client, author):
    thread = make_thread(area="members")
    response = client.post(f"/discussions/{thread.pk}/reply/", {"body": "\u200b \u200d"})
    assert response.status_code == 400
    assert "the text is empty" in response.text
    assert not Reply.objects.exists()


def test_every_post_needs_a_csrf_token(author):
    client = Client(enforce_csrf_checks=True)
    client.force_login(author)
    thread = make_thread(area="members")
    reply = make_reply(thread=thread, author=author)
    posts = [
        ("/discussions/new/", GOOD),
        (f"/discussions/{thread.pk}/reply/", {"body": "No token."}),
        (f"/discussions/replies/{reply.pk}/edit/", {"body": "No token."}),
        (f"/discussions/replies/{reply.pk}/delete/", {}),
        (f"/discussions/{thread.pk}/follow/", {"action": "unfollow"}),
        (f"/discussions/{thread.pk}/report/", {"reason": "No token."}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert Thread.objects.count() == 1
    assert Reply.objects.get().body == reply.body
    assert not Reply.objects.get().is_deleted


@pytest.mark.parametrize(
    "query",
    [
        "q=" + "x" * 5000,
        "q=%00%0b",
        'q="><script>',
        "tag=%F0%9F%98%80",
        "tag=!!!&area=../../etc&sort=%00&page=999999",
        "page=-1",
    ],
)
def test_odd_query_strings_never_break_list_or_similar(client, query):
    assert client.get(f"/discussions/?{query}").status_code == 200
    assert client.get(f"/discussions/similar/?{query}").status_code == 200


def test_stored_markup_is_inert_in_the_feed(client, author):
    body = "<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"
    ask(client, body=body, title="<b>Feed</b> question about fees", area="public")
    text = client.get("/discussions/feed/").text
    assert "<script>" not in text
    assert "<img" not in text
    assert "<b>Feed</b>" not in text
    assert "javascript:" not in text
