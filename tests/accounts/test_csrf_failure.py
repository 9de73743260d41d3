"""A form refused by the CSRF check: a styled 403 that says what happened and, for a form sent
from the hub's own pages, offers back what was typed to send again."""

import pytest
from django.test import Client

from discussions.models import Thread
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OWN = "http://testserver"
QUESTION = {
    "title": "How did you handle third-party top-ups?",
    "body": "We have three homes asking.\nWhat did your contracts say?",
    "tags": "top-ups",
    "area": "members",
}


@pytest.fixture
def browser():
    """A signed-in member whose browser holds a CSRF cookie from an earlier page, the form's
    token having gone stale since."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    assert client.get("/discussions/new/").status_code == 200
    assert "csrftoken" in client.cookies
    return client


def _stale_post(client, path, data, **headers):
    return client.post(path, {**data, "csrfmiddlewaretoken": "x" * 64}, **headers)


def test_a_stale_form_is_offered_back_to_send_again(browser):
    response = _stale_post(
        browser,
        "/discussions/new/",
        QUESTION,
        HTTP_ORIGIN=OWN,
        HTTP_REFERER=f"{OWN}/discussions/new/",
    )
    assert response.status_code == 403
    assert not Thread.objects.exists()
    html = response.content.decode()
    assert "Your form was not sent" in html and "open for a long time" in html
    assert response["Cache-Control"] == "private, no-store"
    # What was written is in editable boxes, the rest rides along hidden, under a fresh token.
    assert '<form method="post" action="/discussions/new/"' in html
    assert ">How did you handle third-party top-ups?</textarea>" in html
    assert "What did your contracts say?</textarea>" in html
    assert '<input type="hidden" name="area" value="members">' in html
    assert 'name="csrfmiddlewaretoken"' in html and "x" * 64 not in html
    assert 'href="http://testserver/discussions/new/"' in html
    assert "<!DOCTYPE html>" in html and "govuk-template" in html  # the hub's own layout


def test_sending_again_from_the_page_posts_the_question(browser):
    page = _stale_post(browser, "/discussions/new/", QUESTION, HTTP_ORIGIN=OWN)
    token = page.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = browser.post("/discussions/new/", {**QUESTION, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Thread.objects.get().title == QUESTION["title"]


def test_what_another_site_posts_is_never_shown_back(browser):
    response = _stale_post(
        browser,
        "/discussions/new/",
        {"title": "Call 0800 000 000 to keep your account", "body": "Urgent notice here"},
        HTTP_ORIGIN="http://evil.example",
        HTTP_REFERER="http://evil.example/form",
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "Your form was not sent" in html
    assert "0800" not in html and "Urgent notice" not in html
    assert "evil.example" not in html and "Send again" not in html


def test_a_password_is_never_written_into_the_page(browser):
    browser.logout()
    browser.get("/accounts/login/")
    response = _stale_post(
        browser,
        "/accounts/login/",
        {"username": "officer", "password": "my secret words"},
        HTTP_ORIGIN=OWN,
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "my secret words" not in html and "Send again" not in html
    assert "Passwords are never kept" in html


def test_a_browser_without_the_cookie_is_told_to_allow_cookies():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "a"}, HTTP_ORIGIN=OWN)
    assert response.status_code == 403
    assert "allows cookies" in response.content.decode()
