"""Posting limits per user, counted in the default cache (Redis when ``REDIS_URL`` is set).

Settings may override ``DISCUSSIONS_RATES``; accounts younger than ``NEW_ACCOUNT_AGE`` get the
stricter ``new_*`` rates.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_ratelimit.core import get_usage

NEW_ACCOUNT_AGE = timedelta(days=1)
DEFAULT_RATES = {
    "post": "1/10s",
    "thread": "20/d",
    "new_post": "1/m",
    "new_thread": "3/d",
}


def _rate(kind, user):
    rates = {**DEFAULT_RATES, **getattr(settings, "DISCUSSIONS_RATES", {})}
    is_new = user.date_joined and timezone.now() - user.date_joined < NEW_ACCOUNT_AGE
    return rates[f"new_{kind}" if is_new else kind]


def _usage(request, kinds, *, increment):
    for kind in kinds:
        usage = get_usage(
            request,
            group=f"discussions.{kind}",
            key="user_or_ip",
            rate=_rate(kind, request.user),
            method="POST",
            increment=increment,
        )
        if usage is not None:
            yield usage


def wait_seconds(request, *, thread=False) -> int:
    """Seconds this user must wait before posting again (0: go ahead). Counts nothing.

    Only successful posts count (``record_post``), so a form sent back with errors does not
    use up the allowance.
    """
    kinds = ["post", "thread"] if thread else ["post"]
    waits = [
        max(usage["time_left"], 1)
        for usage in _usage(request, kinds, increment=False)
        if usage["count"] >= usage["limit"]
    ]
    return max(waits, default=0)


def record_post(request, *, thread=False):
    kinds = ["post", "thread"] if thread else ["post"]
    list(_usage(request, kinds, increment=True))
