"""What reaches a real SMTP server: recipients, subject, both parts, escaped text, our links
only, and one-click unsubscribe that works without signing in."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from discussions import notifications, services
from discussions.models import DigestSent, Follow, Thread
from tests.factories import UserFactory
from tests.factories.discussions import make_thread
from tests.mail import header, links, parts

pytestmark = pytest.mark.django_db

HOST = "http://testserver"


@pytest.fixture
def asker():
    return UserFactory(email="asker@council.example", first_name="Asha", last_name="Khan")


def test_a_reply_emails_the_followers_but_not_its_author(
    asker, smtp_inbox, django_capture_on_commit_callbacks
):
    thread = make_thread(author=asker, area="members", title="Paying care homes <in advance>?")
    replier = UserFactory(email="replier@council.example")
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_create(
            author=replier,
            thread=thread,
            body="Use <script>alert(1)</script> and [our form](https://evil.example/phish).",
        )
    assert len(smtp_inbox) == 1
    message = smtp_inbox[0]
    assert message["X-RcptTo"] == "asker@council.example"
    assert message["Subject"] == "New reply: Paying care homes <in advance>?"
    body = parts(message)
    assert set(body) == {"text/plain", "text/html"}
    assert "<script>" not in body["text/html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body["text/html"]
    assert "Paying care homes &lt;in advance&gt;?" in body["text/html"]
    for text in body.values():
        assert "evil.example" not in text
        assert "our form" in text
        assert links(text)
        assert all(link.startswith(HOST + "/") for link in links(text)), links(text)
    assert f"{HOST}/discussions/{thread.pk}/#reply-" in body["text/plain"]
    unsubscribe = header(message, "List-Unsubscribe")
    assert unsubscribe.startswith(f"<{HOST}/discussions/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # The replier now follows too, and is emailed about the asker's answer, not their own.
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_create(author=asker, thread=thread, body="Thank you!")
    assert [m["X-RcptTo"] for m in smtp_inbox[1:]] == ["replier@council.example"]


def test_one_click_unsubscribe_works_without_signing_in_and_sticks(
    asker, smtp_inbox, django_capture_on_commit_callbacks
):
    thread = make_thread(author=asker, area="members")
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_create(author=UserFactory(), thread=thread, body="First answer.")
    url = header(smtp_inbox[0], "List-Unsubscribe").strip("<>").removeprefix(HOST)

    client = Client(enforce_csrf_checks=True)
    page = client.get(url)
    assert page.status_code == 200
    assert "Stop these emails?" in page.text
    assert Follow.objects.get(user=asker, thread=thread).notify  # a GET changes nothing
    # What a mail client sends for RFC 8058 one-click: a POST without any cookie or token.
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You are unsubscribed" in response.text
    assert not Follow.objects.get(user=asker, thread=thread).notify

    # Replying again does not quietly sign the asker back up.
    services.reply_create(author=asker, thread=thread, body="Still reading, though.")
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_create(author=UserFactory(), thread=thread, body="Second answer.")
    assert "asker@council.example" not in [m["X-RcptTo"] for m in smtp_inbox[1:]]


@pytest.mark.parametrize("token", ["nonsense", "a" * 600, "eyJ1IjoxfQ:bad:sig"])
def test_a_tampered_unsubscribe_token_is_refused(client, token):
    assert client.post(f"/discussions/unsubscribe/{token}/").status_code == 400


def test_a_token_for_one_person_cannot_be_edited_into_another(asker):
    other = UserFactory()
    token = notifications.unsubscribe_token(user=asker)
    forged = token.replace(str(asker.pk), str(other.pk), 1)
    assert notifications.read_unsubscribe_token(forged) in (None, {"u": asker.pk, "k": "digest"})


def test_weekly_digest_once_per_week_with_both_parts_and_our_links(asker, smtp_inbox):
    tag_thread = make_thread(area="members", tags=["contracts"], title="Contracts: <b>new</b>?")
    make_thread(area="members", tags=["other"], title="Something not followed at all")
    make_thread(author=asker, area="members", tags=["contracts"], title="Asker's own question")
    old = make_thread(area="members", tags=["contracts"], title="An old question, weeks ago")
    Thread.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=30))
    services.follow_tag(user=asker, tag=tag_thread.tags.get())

    out = StringIO()
    call_command("send_digests", stdout=out)
    call_command("send_digests", stdout=out)
    assert "Digests sent: 1" in out.getvalue()
    assert "Digests sent: 0" in out.getvalue()
    assert len(smtp_inbox) == 1
    message = smtp_inbox[0]
    assert message["X-RcptTo"] == "asker@council.example"
    assert message["Subject"] == "This week in discussions: 1 new thread"
    body = parts(message)
    assert "Contracts: &lt;b&gt;new&lt;/b&gt;?" in body["text/html"]
    assert "Contracts: <b>new</b>?" in body["text/plain"]
    for text in body.values():
        assert "Something not followed" not in text
        assert "Asker's own question" not in text
        assert "An old question" not in text
        assert all(link.startswith(HOST + "/") for link in links(text))
    assert DigestSent.objects.get(user=asker).thread_count == 1

    # Next week a new run sends again, and only what is new since the last digest.
    later = timezone.now() + timedelta(days=7)
    assert notifications.send_digests(now=later)["sent"] == 0
    newer = make_thread(area="members", tags=["contracts"], title="A newer contracts question")
    Thread.objects.filter(pk=newer.pk).update(created_at=later - timedelta(hours=1))
    assert notifications.send_digests(now=later)["sent"] == 1
    assert "A newer contracts question" in parts(smtp_inbox[-1])["text/plain"]
    assert "Contracts: <b>new</b>?" not in parts(smtp_inbox[-1])["text/plain"]


def test_digest_unsubscribe_stops_the_digest(asker, smtp_inbox):
    thread = make_thread(area="members", tags=["contracts"])
    services.follow_tag(user=asker, tag=thread.tags.get())
    url = notifications.unsubscribe_url(user=asker).removeprefix(HOST)
    assert Client().post(url).status_code == 200
    call_command("send_digests", stdout=StringIO())
    assert smtp_inbox == []


def test_a_failed_send_is_retried_by_the_next_run(asker, settings):
    thread = make_thread(area="members", tags=["contracts"])
    services.follow_tag(user=asker, tag=thread.tags.get())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    settings.EMAIL_TIMEOUT = 1
    assert notifications.send_digests()["failed"] == 1
    assert not DigestSent.objects.exists()
