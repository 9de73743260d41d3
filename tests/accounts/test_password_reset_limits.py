"""Password reset is limited per email and per address, and the answer never changes."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _reset(client, email, **extra):
    return client.post("/accounts/password-reset/", {"email": email}, **extra)


def test_a_fourth_link_within_the_hour_is_not_sent_and_the_answer_is_the_same(client, mailoutbox):
    UserFactory(email="rosa@council.example")
    answers = [_reset(client, "rosa@council.example") for _ in range(4)]
    assert len(mailoutbox) == 3
    assert {(a.status_code, a["Location"]) for a in answers} == {
        (302, "/accounts/password-reset/sent/")
    }


def test_the_email_limit_ignores_case_and_address(client, mailoutbox):
    UserFactory(email="rosa@council.example")
    for n, email in enumerate(
        ["rosa@council.example", "ROSA@council.example", " Rosa@Council.Example"]
    ):
        _reset(client, email, REMOTE_ADDR=f"198.51.100.{n + 1}")
    _reset(client, "rosa@council.example", REMOTE_ADDR="198.51.100.9")
    assert len(mailoutbox) == 3


def test_an_unknown_address_gets_the_same_answer_when_limited(client, mailoutbox):
    known = UserFactory(email="rosa@council.example")
    for _ in range(4):
        limited_known = _reset(client, known.email)
        limited_unknown = _reset(client, "nobody@council.example")
    assert limited_known.status_code == limited_unknown.status_code == 302
    assert limited_known["Location"] == limited_unknown["Location"]
    assert limited_known.content == limited_unknown.content


def test_one_address_may_ask_for_ten_links_an_hour(client, mailoutbox):
    users = [UserFactory(email=f"person{n}@council.example") for n in range(11)]
    for user in users:
        _reset(client, user.email)
    assert len(mailoutbox) == 10
    assert users[-1].email not in {message.to[0] for message in mailoutbox}
    # Another address is not held back by the first one's budget.
    _reset(client, users[-1].email, REMOTE_ADDR="198.51.100.20")
    assert len(mailoutbox) == 11


def test_the_admin_reset_form_shares_the_same_budget(client, mailoutbox):
    UserFactory(email="rosa@council.example", is_staff=True)
    for _ in range(2):
        _reset(client, "rosa@council.example")
    answers = [
        client.post("/admin/password_reset/", {"email": "rosa@council.example"}) for _ in range(2)
    ]
    assert len(mailoutbox) == 3
    assert {a.status_code for a in answers} == {302}
    assert answers[0]["Location"] == answers[1]["Location"]
