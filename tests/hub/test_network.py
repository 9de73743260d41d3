"""The client address behind a configured number of trusted proxies."""

import pytest
from django.test import RequestFactory

from hub.network import client_ip

factory = RequestFactory()


def _request(peer, forwarded=None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return factory.get("/", **extra)


def test_without_proxies_a_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request("198.51.100.7", "203.0.113.1")) == "198.51.100.7"


def test_behind_one_proxy_the_right_most_entry_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote "1.2.3.4" itself; the load balancer appended what it saw.
    assert client_ip(_request("10.0.0.2", "1.2.3.4, 203.0.113.1")) == "203.0.113.1"


def test_behind_two_proxies_the_second_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = _request("10.0.0.3", "1.2.3.4, 203.0.113.1, 10.0.0.2")
    assert client_ip(request) == "203.0.113.1"


@pytest.mark.parametrize("forwarded", [None, "", "  ,  ", "not-an-address"])
def test_missing_or_garbled_header_falls_back_to_the_peer(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request("10.0.0.2", forwarded)) == "10.0.0.2"


def test_fewer_hops_than_proxies_trusts_nothing_in_the_header(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request("10.0.0.2", "1.2.3.4")) == "10.0.0.2"


def test_ipv6_entries_are_normalised(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request("10.0.0.2", "2001:DB8:0:0::1")) == "2001:db8::1"
