"""Posting limits: 429 with Retry-After and a friendly page, nothing stored."""

from datetime import timedelta

import pytest
from django.utils import timezone

from discussions.models import Reply, Thread
from tests.factories import UserFactory
from tests.factories.discussions import make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _long_window(settings):
    # The limiter counts in fixed windows; an hour-long one keeps two quick posts in the same
    # window, so these tests cannot straddle a boundary and flake.
    settings.DISCUSSIONS_RATES = {"post": "1/h", "new_post": "1/h"}


def seasoned(**kwargs):
    return UserFactory(date_joined=timezone.now() - timedelta(days=30), **kwargs)


def ask(client, n):
    return client.post(
        "/discussions/new/",
        {"title": f"Question number {n} on fees", "body": "Details.", "area": "members"},
    )


def test_a_second_post_within_seconds_gets_429(client):
    thread = make_thread(area="members")
    client.force_login(seasoned())
    assert client.post(f"/discussions/{thread.pk}/reply/", {"body": "One."}).status_code == 302
    response = client.post(f"/discussions/{thread.pk}/reply/", {"body": "Two."})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600
    assert "Please wait a moment" in response.text
    assert Reply.objects.count() == 1


def test_a_form_with_errors_does_not_use_up_the_allowance(client):
    thread = make_thread(area="members")
    client.force_login(seasoned())
    assert client.post(f"/discussions/{thread.pk}/reply/", {"body": ""}).status_code == 400
    assert client.post(f"/discussions/{thread.pk}/reply/", {"body": "Now."}).status_code == 302


def test_limits_are_per_user(client):
    thread = make_thread(area="members")
    for _ in range(2):
        client.force_login(seasoned())
        assert client.post(f"/discussions/{thread.pk}/reply/", {"body": "Mine."}).status_code == 302


def test_daily_thread_limit_and_stricter_for_new_accounts(client, settings):
    settings.DISCUSSIONS_RATES = {
        "post": "100/m",
        "new_post": "100/m",
        "thread": "3/d",
        "new_thread": "1/d",
    }
    client.force_login(seasoned())
    assert [ask(client, n).status_code for n in range(4)] == [302, 302, 302, 429]
    client.force_login(UserFactory())  # joined just now
    assert [ask(client, n).status_code for n in range(10, 12)] == [302, 429]
    assert Thread.objects.count() == 4


def test_default_rates_stop_a_new_account_sooner(settings):
    from discussions import ratelimits

    del settings.DISCUSSIONS_RATES
    old, new = seasoned(), UserFactory()
    assert ratelimits._rate("thread", old) == "20/d"
    assert ratelimits._rate("thread", new) == "3/d"
    assert ratelimits._rate("post", old) == "1/10s"
