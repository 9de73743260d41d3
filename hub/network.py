"""The address a request came from, as rate limits and sign-in lockouts must see it.

Behind ``TRUSTED_PROXY_COUNT`` proxies (load balancers) the peer address is the nearest proxy;
each proxy appends the address it saw to ``X-Forwarded-For``, so the client is the entry that
many places from the right. Anything left of it was written by the client and is never trusted.
"""

import ipaddress

from django.conf import settings


def _valid(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    peer = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return peer
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        # Fewer hops than configured: the request did not come through every proxy, so the
        # header proves nothing and the peer is all we know.
        return peer
    return _valid(forwarded[-proxies]) or peer
