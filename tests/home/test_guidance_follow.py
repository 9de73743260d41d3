"""Following one guidance page: the control on the page, the email over real SMTP when it gets
a "what changed" note or is replaced (who may read what decided when it is sent), one-click
unsubscribe, and the follow on /account/ with one-click unfollow."""

import pytest
from django.test import Client

from home import guidance_follows
from home.models import GuidanceFollow
from hub.accounts import roles
from tests.factories import UserFactory
from tests.factories import pages as make
from tests.mail import links, parts

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    return UserFactory(email="reader@council.example", roles=[roles.LOCAL_AUTHORITY_MEMBERS])


@pytest.fixture
def guidance():
    return make.guidance("Paying top-ups to care homes")


def publish(page, captured, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    with captured(execute=True):
        page.save_revision().publish()


def test_a_member_follows_from_the_page_and_a_double_submit_keeps_one_follow(
    client, reader, guidance
):
    client.force_login(reader)
    assert "Follow this guidance" in client.get(guidance.url).content.decode()
    for _ in range(2):
        response = client.post(f"/account/guidance/{guidance.pk}/follow/", {"action": "follow"})
        assert response.status_code == 302
    assert GuidanceFollow.objects.filter(user=reader, page=guidance).count() == 1
    page = client.get(guidance.url).content.decode()
    assert "You follow this guidance" in page and "Stop following" in page

    client.post(f"/account/guidance/{guidance.pk}/follow/", {"action": "unfollow"})
    assert not GuidanceFollow.objects.filter(user=reader).exists()


def test_signed_out_and_pending_people_get_no_follow_control(client, guidance):
    assert "Follow this guidance" not in client.get(guidance.url).content.decode()
    response = client.post(f"/account/guidance/{guidance.pk}/follow/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    pending = UserFactory(status="pending")
    client.force_login(pending)
    assert "Follow this guidance" not in client.get(guidance.url).content.decode()
    assert client.post(f"/account/guidance/{guidance.pk}/follow/").status_code == 403
    assert not GuidanceFollow.objects.exists()


def test_no_one_follows_guidance_they_may_not_read(client, reader):
    secret = make.guidance("Zephyrquill steering note")
    make.restrict(secret, "groups", groups=[roles.STEERING_GROUP])
    client.force_login(reader)
    assert client.post(f"/account/guidance/{secret.pk}/follow/").status_code == 404
    assert not GuidanceFollow.objects.exists()


def test_a_what_changed_note_emails_the_followers_over_smtp(
    reader, guidance, smtp_inbox, django_capture_on_commit_callbacks
):
    guidance_follows.follow(user=reader, page=guidance)
    publish(
        guidance,
        django_capture_on_commit_callbacks,
        change_note="The <b>weekly</b> cap on top-ups is now £50.",
    )
    assert len(smtp_inbox) == 1
    message = smtp_inbox[0]
    assert message["X-RcptTo"] == "reader@council.example"
    assert message["Subject"] == "Guidance updated: Paying top-ups to care homes"
    body = parts(message)
    assert "The <b>weekly</b> cap on top-ups is now £50." in body["text/plain"]
    assert "The &lt;b&gt;weekly&lt;/b&gt; cap" in body["text/html"]
    assert f"http://testserver{guidance.url}" in body["text/plain"]
    assert all(link.startswith("http://testserver/") for link in links(body["text/html"]))
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Publishing again with the same note is not news.
    publish(guidance, django_capture_on_commit_callbacks, title="Paying top-ups to homes")
    assert len(smtp_inbox) == 1


def test_being_replaced_emails_once_and_names_the_replacement(
    reader, guidance, smtp_inbox, django_capture_on_commit_callbacks
):
    newer = make.guidance("Top-ups from April 2015")
    guidance_follows.follow(user=reader, page=guidance)
    publish(guidance, django_capture_on_commit_callbacks, superseded_by=newer)
    assert len(smtp_inbox) == 1
    assert smtp_inbox[0]["Subject"] == "Guidance replaced: Paying top-ups to care homes"
    text = parts(smtp_inbox[0])["text/plain"]
    assert "has been replaced by “Top-ups from April 2015”" in text
    assert f"http://testserver{newer.url}" in text

    publish(guidance, django_capture_on_commit_callbacks, summary="A shorter summary")
    assert len(smtp_inbox) == 1


def test_privacy_is_decided_when_the_email_is_sent(
    reader, guidance, smtp_inbox, django_capture_on_commit_callbacks
):
    secret = make.guidance("Zephyrquill steering note")
    make.restrict(secret, "groups", groups=[roles.STEERING_GROUP])
    steering = UserFactory(email="steering@dh.example", roles=[roles.STEERING_GROUP])
    for user in (reader, steering):
        guidance_follows.follow(user=user, page=guidance)
    publish(guidance, django_capture_on_commit_callbacks, superseded_by=secret)
    sent = {message["X-RcptTo"]: parts(message)["text/plain"] for message in smtp_inbox}
    assert "Zephyrquill" in sent["steering@dh.example"]
    assert "Zephyrquill" not in sent["reader@council.example"]
    assert secret.url not in sent["reader@council.example"]
    assert "replaced by newer guidance" in sent["reader@council.example"]

    # The page itself is restricted after they followed it: the reader hears nothing more.
    smtp_inbox.clear()
    make.restrict(guidance, "groups", groups=[roles.STEERING_GROUP])
    publish(guidance, django_capture_on_commit_callbacks, change_note="Steering only now.")
    assert [message["X-RcptTo"] for message in smtp_inbox] == ["steering@dh.example"]


def test_one_click_unsubscribe_works_signed_out_and_refuses_a_changed_link(
    reader, guidance, smtp_inbox, django_capture_on_commit_callbacks
):
    guidance_follows.follow(user=reader, page=guidance)
    publish(guidance, django_capture_on_commit_callbacks, change_note="New contact details.")
    address = "".join(smtp_inbox[0]["List-Unsubscribe"].split()).strip("<>")
    path = address.removeprefix("http://testserver")
    anonymous = Client(enforce_csrf_checks=True)
    assert "Stop following" in anonymous.get(path).content.decode()
    assert GuidanceFollow.objects.filter(user=reader).exists()  # a GET changes nothing

    assert anonymous.get(path[:-3] + "xyz/").status_code == 400
    response = anonymous.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You no longer follow this guidance" in response.content.decode()
    assert not GuidanceFollow.objects.filter(user=reader).exists()
    assert anonymous.post(path).status_code == 200  # twice is harmless


def test_the_account_page_lists_followed_guidance_with_one_click_unfollow(
    client, reader, guidance, django_assert_max_num_queries
):
    secret = make.guidance("Zephyrquill steering note")
    guidance_follows.follow(user=reader, page=guidance)
    guidance_follows.follow(user=reader, page=secret)
    # Restricted after it was followed: the follow stays, its title does not show.
    make.restrict(secret, "groups", groups=[roles.STEERING_GROUP])
    for n in range(5):
        guidance_follows.follow(user=reader, page=make.guidance(f"More guidance {n}"))
    client.force_login(reader)
    # 23: the account page also lists my practice examples (one query, however many).
    with django_assert_max_num_queries(23):
        page = client.get("/account/").content.decode()
    assert "Paying top-ups to care homes" in page
    assert "Zephyrquill" not in page
    assert "Guidance you can no longer see" in page

    response = client.post(f"/account/guidance/{secret.pk}/unfollow/")
    assert response.status_code == 302
    assert not GuidanceFollow.objects.filter(user=reader, page=secret).exists()
    assert "You no longer follow that guidance." in client.get("/account/").content.decode()


def test_someone_elses_follow_is_not_touched_by_my_unfollow(client, reader, guidance):
    other = UserFactory()
    guidance_follows.follow(user=other, page=guidance)
    client.force_login(reader)
    client.post(f"/account/guidance/{guidance.pk}/unfollow/")
    assert GuidanceFollow.objects.filter(user=other, page=guidance).exists()
