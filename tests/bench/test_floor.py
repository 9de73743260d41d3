"""The floor bench's bare view exists only under the bench's urlconf, never on the site."""

import pytest
from django.core import signals
from django.db import close_old_connections
from django.test import override_settings

from bench import floor

pytestmark = pytest.mark.django_db


def test_the_site_has_no_bare_bench_view(client):
    assert client.get(floor.BARE).status_code == 404


@pytest.fixture
def keep_test_connection():
    """A bare WSGI handler closes database connections after each request, as Django's own test
    client stops it doing: here that would close the test's transaction on PostgreSQL."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@override_settings(ROOT_URLCONF="bench.urls")
def test_the_bench_urlconf_serves_the_bare_view_through_the_whole_handler(
    settings, keep_test_connection
):
    handler = floor.handler_with(list(settings.MIDDLEWARE))

    assert floor.serve_once(handler, floor.BARE) == 200
    assert floor.serve_once(handler, "/no-such-page/") == 404
