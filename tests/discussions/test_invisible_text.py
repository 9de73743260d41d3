"""Titles, posts, replies and tags that would show as nothing are refused through the real
forms with a message, and nothing is stored; tags cannot take another tag's address."""

import pytest
from taggit.models import Tag

from discussions.models import Reply, Thread
from hub.accounts import roles
from tests.factories import UserFactory
from tests.factories.discussions import make_thread

pytestmark = pytest.mark.django_db

GOOD = {"title": "How do you pay care homes?", "body": "In advance or arrears?", "area": "members"}
MESSAGE = "needs at least one letter or number; blank and invisible characters do not count"
INVISIBLE = {
    "hangul filler": "\u3164" * 20,
    "braille blank": "\u2800" * 30,
    "lone combining marks": "\u0301\u0308" * 6,
    "right-to-left override and fillers": "\u202e" + "\u3164" * 12,
}


@pytest.fixture
def author(client):
    user = UserFactory(roles=[roles.PROVIDERS])
    client.force_login(user)
    return user


def ask(client, **changes):
    return client.post("/discussions/new/", {**GOOD, **changes})


def assert_refused(response):
    assert response.status_code in {200, 400}
    assert MESSAGE in response.text
    assert "There is a problem" in response.text


@pytest.mark.parametrize("field", ["title", "body"])
@pytest.mark.parametrize("value", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_an_invisible_title_or_body_is_refused(client, author, field, value):
    assert_refused(ask(client, **{field: value}))
    assert not Thread.objects.exists()


@pytest.mark.parametrize("value", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_an_invisible_tag_is_refused(client, author, value):
    assert_refused(ask(client, tags=f"contracts, {value}"))
    assert not Thread.objects.exists()
    assert not Tag.objects.exists()


@pytest.mark.parametrize("value", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_an_invisible_reply_is_refused(client, author, value):
    thread = make_thread(area="members")
    assert_refused(client.post(f"/discussions/{thread.pk}/reply/", {"body": value}))
    assert not Reply.objects.exists()


@pytest.mark.parametrize("field", ["title", "body"])
def test_an_edit_to_invisible_text_is_refused(client, author, field):
    thread = make_thread(author=author, area="members")
    data = {"title": thread.title, "body": thread.body, field: "\u2800" * 30}
    assert_refused(client.post(f"/discussions/{thread.pk}/edit/", data))
    thread.refresh_from_db()
    assert "\u2800" not in thread.title + thread.body


def test_a_right_to_left_override_is_taken_out_of_a_title(client, author):
    assert ask(client, title="\u202eHow do you pay \u2066care\u2069 homes?").status_code == 302
    assert Thread.objects.get().title == "How do you pay care homes?"


def test_an_emoji_tag_cannot_take_the_address_of_the_plain_tag(client, author):
    make_thread(area="members", tags=["😀 care"])  # posted earlier by someone else
    assert ask(client, tags="care").status_code == 302
    tag = Tag.objects.get()
    assert (tag.name, tag.slug) == ("care", "care")
    assert Thread.objects.filter(tags=tag).count() == 2


@pytest.mark.parametrize("typed", ["Care!", "care 😀", "★ care ★", "CARE"])
def test_a_name_that_takes_an_existing_tags_slug_is_that_tag(client, author, typed):
    make_thread(area="members", tags=["care"])
    assert ask(client, tags=typed).status_code == 302
    assert list(Tag.objects.values_list("name", "slug")) == [("care", "care")]
    assert Thread.objects.filter(tags__slug="care").count() == 2
