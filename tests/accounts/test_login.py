import pytest
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def login(client, username, password, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


def test_sign_in_with_username_or_email(client):
    user = UserFactory(username="rosa", email="Rosa@Council.example")
    assert login(client, "rosa", PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    response = login(client, "rosa@council.example", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_unknown_user_and_wrong_password_get_the_same_message(client):
    UserFactory(username="rosa")
    wrong_password = login(client, "rosa", "not the password")
    unknown_user = login(client, "nobody@council.example", "not the password")
    message = "Enter a correct email address (or username) and password."
    assert message in wrong_password.text
    assert message in unknown_user.text
    assert wrong_password.status_code == unknown_user.status_code == 200


def test_pending_user_can_sign_in_but_is_not_a_member(client):
    UserFactory(username="waiting", status="pending")
    response = login(client, "waiting", PASSWORD, follow=True)
    assert response.status_code == 200
    assert "Awaiting approval" in response.text


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:1"]
)
def test_hostile_next_urls_are_ignored(client, next_url):
    UserFactory(username="rosa")
    response = client.post(
        f"/accounts/login/?next={next_url}", {"username": "rosa", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_safe_next_url_is_followed(client):
    UserFactory(username="rosa")
    response = client.post(
        "/accounts/login/?next=/discussions/", {"username": "rosa", "password": PASSWORD}
    )
    assert response["Location"] == "/discussions/"


def test_logout_needs_a_post(client):
    client.force_login(UserFactory())
    assert client.get("/accounts/logout/").status_code == 405
    assert "_auth_user_id" in client.session
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_logout_without_csrf_token_is_refused(db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    assert client.post("/accounts/logout/").status_code == 403
    assert "_auth_user_id" in client.session


def test_too_many_wrong_passwords_are_answered_with_429(client, settings):
    UserFactory(username="rosa")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "rosa", "wrong").status_code == 200
    locked = login(client, "rosa", "wrong")
    assert locked.status_code == 429
    assert locked["Retry-After"] == "60"
    # Even the right password waits for the cool-off.
    assert login(client, "rosa", PASSWORD).status_code == 429
    # Probing other accounts from the same address is slowed too.
    assert login(client, "someone-else", "wrong").status_code == 429


def _lock_out(client, settings, **extra):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "rosa", "wrong", **extra)
    assert login(client, "rosa", "wrong", **extra).status_code == 429


def test_behind_a_proxy_one_locked_out_client_does_not_lock_out_another(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="rosa")
    UserFactory(username="sam")
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    _lock_out(client, settings, HTTP_X_FORWARDED_FOR="203.0.113.1", **proxy)
    other = Client()
    response = login(other, "sam", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.2", **proxy)
    assert response.status_code == 302


def test_without_a_trusted_proxy_a_forged_header_does_not_escape_a_lockout(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    UserFactory(username="rosa")
    _lock_out(client, settings, REMOTE_ADDR="198.51.100.7")
    forged = login(
        client, "rosa", PASSWORD, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert forged.status_code == 429


def test_password_reset_sends_a_working_link(client, mailoutbox):
    user = UserFactory(email="rosa@council.example")
    response = client.post("/accounts/password-reset/", {"email": "ROSA@council.example"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    link = next(line for line in mailoutbox[0].body.splitlines() if "/password-reset/" in line)
    path = link.split("testserver", 1)[1]
    form = client.get(path, follow=True)
    assert "Choose a new password" in form.text
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "another long passphrase", "new_password2": "another long passphrase"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another long passphrase")


def test_password_reset_does_not_reveal_unknown_addresses(client, mailoutbox):
    response = client.post("/accounts/password-reset/", {"email": "nobody@council.example"})
    assert response.status_code == 302
    assert mailoutbox == []
