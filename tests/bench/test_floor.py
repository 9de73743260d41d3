"""The floor bench's bare view exists only under the bench's urlconf, never on the site."""

import pytest
from django.test import override_settings

from bench import floor

pytestmark = pytest.mark.django_db


def test_the_site_has_no_bare_bench_view(client):
    assert client.get(floor.BARE).status_code == 404


@override_settings(ROOT_URLCONF="bench.urls")
def test_the_bench_urlconf_serves_the_bare_view_through_the_whole_handler(settings):
    handler = floor.handler_with(list(settings.MIDDLEWARE))

    assert floor.serve_once(handler, floor.BARE) == 200
    assert floor.serve_once(handler, "/no-such-page/") == 404
