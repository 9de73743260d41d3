"""Counts of what each organisation's people read and download, kept off the request path.

A request only adds one to a count in the cache every process shares (Redis, or without it the
hub's database counters table): ``activity:<day>:<org>:<kind>:<object>``. The first count of a
key also writes its name under the day's next slot number, so the task worker's sweep can find
every key without listing the cache. The sweep (``flush``) adds what it read to the day's row
in ``ActivityEvent`` and takes the same amount off the cached count, so a count made while it
ran is kept for the next sweep. It also deletes rows older than ``ACTIVITY_RETENTION_DAYS``.

Only the organisation is recorded: no row, key or count names the person who read.
"""

import contextlib
import datetime
import logging

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import ActivityEvent

logger = logging.getLogger(__name__)

Kind = ActivityEvent.Kind
PREFIX = "activity"
# Long enough for the sweeps of a day and the next to find every key, whatever the time zone.
KEY_SECONDS = 3 * 24 * 3600
# Days back a sweep looks for counts (a worker stopped over a weekend still finds them).
DAYS_BACK = 2


def _cache():
    # The cache every process shares: rate limits count in the same one.
    return caches["counters" if "counters" in settings.CACHES else "default"]


def _slots_key(day):
    return f"{PREFIX}:{day.isoformat()}:slots"


def _slot_key(day, number):
    return f"{PREFIX}:{day.isoformat()}:slot:{number}"


def _count_key(day, organisation_id, kind, object_key):
    return f"{PREFIX}:{day.isoformat()}:{organisation_id}:{kind}:{object_key}"


def _add(cache, key, delta=1) -> int:
    """Add to a whole-number key, making it if missing; the new value. A key that exists (every
    read but a day's first) costs one statement."""
    try:
        return cache.incr(key, delta)
    except ValueError:
        if cache.add(key, delta, KEY_SECONDS):
            return delta
        return cache.incr(key, delta)  # made by another request in between


def _take(cache, key, value) -> None:
    # A key that expired since it was read has nothing left to take from.
    with contextlib.suppress(ValueError):
        cache.incr(key, -value)


def record(*, user, kind, object_key) -> None:
    """Count one ``kind`` of use of ``object_key`` for the user's organisation, if any."""
    organisation_id = getattr(user, "organisation_id", None)
    if not organisation_id or not getattr(user, "is_approved", False):
        return
    cache = _cache()
    day = timezone.localdate()
    key = _count_key(day, organisation_id, Kind(kind), object_key)
    try:
        if _add(cache, key) == 1:
            number = _add(cache, _slots_key(day))
            # A whole number is one statement in the database counters (a string is several).
            cache.add(_slot_key(day, number), _code(organisation_id, kind, object_key), KEY_SECONDS)
    except Exception:
        # Counting must never cost a reader their page; the count is lost, not the request.
        logger.exception("Could not count %s", key)


# An object key is "<type>:<id>", its type fixed by the kind; a slot holds the three as one
# whole number: organisation id in the low 24 bits, then the kind, then the object's id.
OBJECT_TYPES = {Kind.GUIDANCE_READ: "page", Kind.DOCUMENT_DOWNLOADED: "resource"}
KINDS = list(OBJECT_TYPES)


def _code(organisation_id, kind, object_key) -> int:
    object_type, _, object_id = object_key.partition(":")
    if OBJECT_TYPES[Kind(kind)] != object_type or not object_id.isdigit():
        raise ValueError(f"{object_key} is not a {OBJECT_TYPES[Kind(kind)]}")
    return (int(object_id) * len(KINDS) + KINDS.index(Kind(kind))) << 24 | organisation_id


def _decode(day, code) -> str:
    organisation_id, rest = code & 0xFFFFFF, code >> 24
    kind = KINDS[rest % len(KINDS)]
    return _count_key(day, organisation_id, kind, f"{OBJECT_TYPES[kind]}:{rest // len(KINDS)}")


def _pending(cache, day):
    """{count key: cached count} for every key the day's slots name."""
    slots = cache.get(_slots_key(day)) or 0
    codes = cache.get_many([_slot_key(day, n) for n in range(1, slots + 1)])
    keys = list({_decode(day, code) for code in codes.values() if isinstance(code, int)})
    counts = cache.get_many(keys) if keys else {}
    return {key: value for key, value in counts.items() if isinstance(value, int) and value > 0}


def _parse(key):
    _, day, organisation_id, kind, object_key = key.split(":", 4)
    return datetime.date.fromisoformat(day), int(organisation_id), kind, object_key


def flush() -> int:
    """Move the cached counts into ``ActivityEvent``; how many uses were written."""
    cache = _cache()
    today = timezone.localdate()
    written = 0
    for back in range(DAYS_BACK + 1):
        day = today - datetime.timedelta(days=back)
        pending = _pending(cache, day)
        if pending:
            written += _write(pending)
            for key, value in pending.items():
                _take(cache, key, value)
    return written


@transaction.atomic
def _write(pending) -> int:
    from .accounts.models import Organisation

    parsed = {key: _parse(key) for key in pending}
    known = set(
        Organisation.objects.filter(pk__in={p[1] for p in parsed.values()}).values_list(
            "pk", flat=True
        )
    )
    written = 0
    for key, (day, organisation_id, kind, object_key) in parsed.items():
        if organisation_id not in known or kind not in Kind.values:
            continue  # the organisation was deleted since: its counts go with it
        count = pending[key]
        row = {"organisation_id": organisation_id, "kind": kind, "object_key": object_key}
        updated = ActivityEvent.objects.filter(**row, day=day).update(count=F("count") + count)
        if not updated:
            ActivityEvent.objects.create(**row, day=day, count=count)
        written += count
    return written


def delete_old() -> int:
    """Rows past the retention period go; how many."""
    cutoff = timezone.localdate() - datetime.timedelta(days=settings.ACTIVITY_RETENTION_DAYS)
    deleted, _ = ActivityEvent.objects.filter(day__lt=cutoff).delete()
    return deleted


def sweep() -> None:
    """The worker's sweep step: write what was counted, then forget what is too old."""
    flush()
    delete_old()
