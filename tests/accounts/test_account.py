"""/account/: a signed-in person's details, password, follows, posts and documents: theirs only."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from taggit.models import Tag

from discussions import services as discussion_services
from discussions.models import Follow
from home import guidance_follows
from hub.accounts import roles
from hub.accounts.models import User
from resources.models import Resource
from tests.factories import UserFactory
from tests.factories import pages as make
from tests.factories.discussions import make_reply, make_thread
from tests.factories.resources import collection, make_resource

pytestmark = pytest.mark.django_db

URL = "/account/"
PASSWORD = "correct horse battery"


@pytest.fixture
def member():
    return UserFactory(roles=[roles.TRAILBLAZER_STAFF], job_title="Commissioning officer")


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def _follow_tag(user, name):
    tag, _ = Tag.objects.get_or_create(name=name, slug=name.lower().replace(" ", "-"))
    discussion_services.follow_tag(user=user, tag=tag)
    return Follow.objects.get(user=user, tag=tag)


def _section(html, anchor):
    """The part of the page under one heading, up to the next."""
    return html.split(f'id="{anchor}"', 1)[1].split('<h2 class="govuk-heading-m"', 1)[0]


def test_signed_out_visitors_are_sent_to_sign_in_and_back():
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={URL}"


def test_the_page_shows_the_persons_details_and_the_header_links_to_it(signed_in, member):
    response = signed_in.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert member.email in html
    assert member.organisation.name in html
    assert 'value="Commissioning officer"' in html
    assert f'href="{URL}" aria-current="page">Your account</a>' in html
    assert "ask the programme team" in html


def test_a_pending_person_can_open_the_page_and_sees_they_are_waiting(client):
    pending = UserFactory(status=User.Status.PENDING)
    client.force_login(pending)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Waiting for approval" in response.content.decode()


def test_details_are_saved(signed_in, member):
    response = signed_in.post(
        URL, {"first_name": "  Asha ", "last_name": "Patel", "job_title": "Brokerage lead"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.first_name, member.last_name, member.job_title) == (
        "Asha",
        "Patel",
        "Brokerage lead",
    )
    assert "Your details are saved." in signed_in.get(URL).content.decode()


def test_a_blank_first_name_is_named_in_the_error_summary_and_nothing_is_saved(signed_in, member):
    response = signed_in.post(URL, {"first_name": " ", "last_name": "Patel", "job_title": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert '<a href="#id_first_name">Enter your first name.</a>' in html
    member.refresh_from_db()
    assert member.last_name != "Patel"


def test_the_email_address_and_organisation_cannot_be_changed_here(signed_in, member, db):
    other = Group.objects.get(name=roles.PROGRAMME_TEAM)
    signed_in.post(
        URL,
        {
            "first_name": "Asha",
            "email": "someone@else.example",
            "organisation": "",
            "groups": [other.pk],
            "status": "approved",
        },
    )
    member.refresh_from_db()
    assert member.email.endswith("@council.example")
    assert member.organisation is not None
    assert not member.groups.filter(name=roles.PROGRAMME_TEAM).exists()


# --- Password -------------------------------------------------------------------------------


def test_changing_the_password_keeps_this_session_and_retires_the_old_one(client, member):
    client.force_login(member)
    new = "a brand new passphrase 42"
    response = client.post(
        reverse("account:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert response["Location"] == URL
    # Still signed in on this device.
    followed = client.get(URL)
    assert followed.status_code == 200
    assert "Your password is changed" in followed.content.decode()
    member.refresh_from_db()
    assert member.check_password(new)
    assert not member.check_password(PASSWORD)


def test_a_wrong_current_password_is_refused_with_a_named_error(client, member):
    client.force_login(member)
    response = client.post(
        reverse("account:password_change"),
        {"old_password": "not it at all", "new_password1": "x" * 12, "new_password2": "x" * 12},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="#id_old_password">Your current password is not right.' in html
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_the_password_page_needs_a_signed_in_person():
    response = Client().get(reverse("account:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- What I follow --------------------------------------------------------------------------


def test_follows_are_listed_with_their_email_setting(signed_in, member):
    thread = make_thread(area="members", title="Paying top-ups through the council")
    discussion_services.follow_thread(user=member, thread=thread)
    _follow_tag(member, "Top-ups")
    html = signed_in.get(URL).content.decode()
    assert "Paying top-ups through the council" in html
    assert "Top-ups" in html
    assert "Email about replies: on" in html
    assert "Weekly email: on" in html


def test_a_followed_thread_the_person_can_no_longer_read_keeps_no_title(signed_in, member):
    thread = make_thread(area="trailblazers", title="Our private budget figures for 2015")
    discussion_services.follow_thread(user=member, thread=thread)
    member.groups.remove(Group.objects.get(name=roles.TRAILBLAZER_STAFF))
    html = signed_in.get(URL).content.decode()
    assert "Our private budget figures" not in html
    assert "A discussion you can no longer see" in html
    follow = Follow.objects.get(user=member, thread=thread)
    response = signed_in.post(reverse("account:unfollow", args=[follow.pk]))
    assert response.status_code == 302
    assert not Follow.objects.filter(pk=follow.pk).exists()
    page = signed_in.get(URL).content.decode()
    assert "You no longer follow that discussion." in page
    assert "Our private budget figures" not in page


def test_unfollowing_a_tag_takes_one_post(signed_in, member):
    follow = _follow_tag(member, "Care homes")
    response = signed_in.post(reverse("account:unfollow", args=[follow.pk]), follow=True)
    assert not Follow.objects.filter(pk=follow.pk).exists()
    assert "You no longer follow “Care homes”." in response.content.decode()


def test_unfollow_is_post_only_and_needs_the_csrf_token(member):
    follow = _follow_tag(member, "Care homes")
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.get(reverse("account:unfollow", args=[follow.pk])).status_code == 405
    assert client.post(reverse("account:unfollow", args=[follow.pk])).status_code == 403
    assert Follow.objects.filter(pk=follow.pk).exists()


def test_nobody_can_touch_someone_elses_follow(signed_in):
    other = UserFactory(roles=[roles.TRAILBLAZER_STAFF])
    follow = _follow_tag(other, "Care homes")
    assert signed_in.post(reverse("account:unfollow", args=[follow.pk])).status_code == 404
    email = reverse("account:follow_email", args=[follow.pk])
    assert signed_in.post(email, {"email": "off"}).status_code == 404
    follow.refresh_from_db()
    assert follow.notify is True


def test_email_can_be_turned_off_and_on_while_still_following(signed_in, member):
    follow = _follow_tag(member, "Care homes")
    signed_in.post(reverse("account:follow_email", args=[follow.pk]), {"email": "off"})
    follow.refresh_from_db()
    assert follow.notify is False
    assert "Weekly email: off" in signed_in.get(URL).content.decode()
    signed_in.post(reverse("account:follow_email", args=[follow.pk]), {"email": "on"})
    follow.refresh_from_db()
    assert follow.notify is True


# --- My threads, replies and documents ------------------------------------------------------


def test_own_posts_are_listed_and_nobody_elses(signed_in, member):
    mine = make_thread(author=member, area="members", title="How do you set the contribution?")
    make_reply(thread=mine, author=member, body="We answer our own question here.")
    theirs = make_thread(area="members", title="Somebody else asked about rates")
    make_reply(thread=theirs, body="Somebody else's reply.")
    html = signed_in.get(URL).content.decode()
    questions = _section(html, "questions")
    replies = _section(html, "replies")
    assert "How do you set the contribution?" in questions
    assert "How do you set the contribution?" in replies
    assert "Somebody else asked about rates" not in html


def test_own_posts_in_an_area_the_person_left_are_counted_not_named(signed_in, member):
    make_thread(author=member, area="trailblazers", title="Trailblazer-only planning question")
    elsewhere = make_thread(area="trailblazers", title="Another trailblazer-only question")
    make_reply(thread=elsewhere, author=member)
    member.groups.remove(Group.objects.get(name=roles.TRAILBLAZER_STAFF))
    html = signed_in.get(URL).content.decode()
    assert "trailblazer-only" not in html.lower()
    assert "1 question you asked is now in an area you cannot see." in html
    assert "1 reply you wrote is now in discussions you cannot see." in html


def test_own_documents_show_where_they_are_and_their_text_state(signed_in, member):
    library = collection("Library")
    private = collection("Trailblazers", restriction="groups", groups=[roles.TRAILBLAZER_STAFF])
    make_resource(collection=library, title="Our care home contract", user=member)
    draft = make_resource(collection=private, title="Draft budget model", user=member)
    Resource.objects.filter(pk=draft.pk).update(extraction_status=Resource.Extraction.FAILED)
    make_resource(collection=library, title="Someone else's slides", user=UserFactory())
    html = signed_in.get(URL).content.decode()
    assert "Our care home contract" in html
    assert "in Library" in html
    assert "Its text can be searched." in html
    assert "Draft budget model" in html
    assert "search finds it by title and description only" in html
    assert "Someone else" not in html

    member.groups.remove(Group.objects.get(name=roles.TRAILBLAZER_STAFF))
    html = signed_in.get(URL).content.decode()
    assert "Draft budget model" not in html
    assert "1 document you uploaded is now in a collection you cannot see." in html


def test_queries_do_not_grow_with_follows_and_posts(client, member, django_assert_max_num_queries):
    client.force_login(member)
    library = collection("Library")
    member.organisation.is_trailblazer = True
    member.organisation.save()
    for number in range(6):
        thread = make_thread(author=member, area="members", title=f"My question {number} on fees")
        make_reply(thread=thread, author=member)
        other = make_thread(area="trailblazers", title=f"Followed question {number} on fees")
        discussion_services.follow_thread(user=member, thread=other)
        _follow_tag(member, f"Topic {number}")
        make_resource(collection=library, title=f"My document {number}", user=member)
        guidance_follows.follow(user=member, page=make.guidance(f"Guidance {number} on fees"))
        make.practice(f"My example {number}", organisation=member.organisation, owner=member)
    # One more than before for "My practice examples": one query however many.
    with django_assert_max_num_queries(25):
        response = client.get(URL)
    assert response.status_code == 200
    assert response.content.decode().count("Unfollow<span") == 6 * 3 + 6
    assert response.content.decode().count('govuk-tag--green">Published') == 6
