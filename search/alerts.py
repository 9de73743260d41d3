"""Email for saved searches: one message per person per period listing what is new.

What a message lists is decided when it is sent, per recipient, by searching as that person
then (``selectors.new_entries_matching``): someone who has left the group that could see an
item never hears of it. A search whose words the parser now refuses gets a note, not a crash.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from hub import mail
from hub.accounts import access
from search import selectors, synonyms
from search.forms import SearchForm
from search.models import AlertSent, SavedSearch
from search.query import QueryError, parse

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "search.alerts.unsubscribe"
MAX_ITEMS_PER_SEARCH = 20
# The worker's sweep sends no earlier than this local hour, so alerts arrive in the morning.
DEFAULT_SEND_HOUR = 7


# --- One-click unsubscribe ------------------------------------------------------------------


def unsubscribe_url(*, user, saved=None) -> str:
    payload = {"u": user.pk, "a": saved.pk} if saved else {"u": user.pk, "a": None}
    return mail.absolute(
        reverse("search_alert_unsubscribe", args=[mail.sign(payload, salt=UNSUBSCRIBE_SALT)])
    )


def read_unsubscribe_token(token: str) -> dict | None:
    payload = mail.unsign(token, salt=UNSUBSCRIBE_SALT)
    if payload is None or not isinstance(payload.get("u"), int):
        return None
    if payload.get("a") is not None and not isinstance(payload["a"], int):
        return None
    return payload


# --- Periods --------------------------------------------------------------------------------


def period_start(frequency, now):
    """The day (daily) or the Monday (weekly) that starts the period ``now`` falls in."""
    today = timezone.localtime(now).date()
    if frequency == SavedSearch.Frequency.WEEKLY:
        return today - timedelta(days=today.weekday())
    return today


# --- What is new ----------------------------------------------------------------------------


@dataclass
class Found:
    saved: SavedSearch
    entries: list = field(default_factory=list)
    total: int = 0
    problem: str = ""
    newly_refused: bool = False

    @property
    def search_url(self) -> str:
        return mail.absolute(self.saved.search_path)


def search_problem(saved: SavedSearch) -> str:
    """Why these words and filters cannot be searched now, or ''."""
    form = SearchForm({"q": saved.query, **saved.filters})
    if not form.is_valid():
        return form.first_error()
    try:
        parse(saved.query, synonyms.groups())
    except QueryError as error:
        return str(error)
    return ""


def find_new(saved: SavedSearch, user) -> Found:
    problem = search_problem(saved)
    if not problem:
        try:
            entries, total = selectors.new_entries_matching(
                user=user,
                text=saved.query,
                filters=saved.filters,
                after=saved.watermark,
                limit=MAX_ITEMS_PER_SEARCH,
            )
        except QueryError as error:
            problem = str(error)
        else:
            return Found(saved, entries, total)
    return Found(saved, problem=problem, newly_refused=problem != saved.problem)


def _message(*, user, found, frequency):
    items = sum(f.total for f in found)
    context = {
        "user": user,
        "found": [
            (
                f,
                [(e, mail.absolute(e.url)) for e in f.entries],
                unsubscribe_url(user=user, saved=f.saved),
            )
            for f in found
        ],
        "frequency": frequency,
        "manage_url": mail.absolute(reverse("search_alerts")),
        "unsubscribe_url": unsubscribe_url(user=user),
        "site_name": settings.WAGTAIL_SITE_NAME,
        "site_url": mail.absolute("/"),
    }
    if items:
        subject = f"Saved searches: {items} new " + ("item" if items == 1 else "items")
    else:
        subject = "Saved searches: a search needs changing"
    return mail.unsubscribable(
        to=user.email,
        subject=subject,
        template="search/email/alerts",
        context=context,
        unsubscribe_url=context["unsubscribe_url"],
    )


def send_alerts(*, frequency, now=None) -> dict:
    """Email every person with ``frequency`` saved searches what is new in them, once per
    period: a second run (even a concurrent one) in the same period sends nothing more."""
    now = now or timezone.now()
    start = period_start(frequency, now)
    users = (
        get_user_model()
        .objects.filter(
            is_active=True,
            pk__in=SavedSearch.objects.filter(frequency=frequency).values("user_id"),
        )
        .exclude(email="")
        .exclude(
            pk__in=AlertSent.objects.filter(frequency=frequency, period_start=start).values(
                "user_id"
            )
        )
        .order_by("pk")
    )
    counts = {"sent": 0, "empty": 0, "failed": 0}
    connection = get_connection()
    for user in users:
        if not access.viewer_for(user).is_approved:
            counts["empty"] += 1
            continue
        # Read before searching: entries written meanwhile stay new for the next email.
        watermark = selectors.latest_entry_id()
        searches = list(selectors.saved_searches_of(user=user).filter(frequency=frequency))
        found = [find_new(saved, user) for saved in searches]
        shown = [f for f in found if f.entries or f.newly_refused]
        if not shown:
            counts["empty"] += 1
            continue
        items = sum(f.total for f in found)
        try:
            # The row is the claim: a second run finds it and skips this person.
            with transaction.atomic():
                record = AlertSent.objects.create(
                    user=user,
                    frequency=frequency,
                    period_start=start,
                    sent_at=now,
                    item_count=items,
                )
        except IntegrityError:
            continue
        try:
            connection.send_messages([_message(user=user, found=shown, frequency=frequency)])
        except OSError:
            # Not sent, so not claimed: the next run in this period tries this person again.
            logger.exception("Could not send saved-search alerts to user %s", user.pk)
            record.delete()
            counts["failed"] += 1
            continue
        for f in found:
            if f.problem:
                SavedSearch.objects.filter(pk=f.saved.pk).update(problem=f.problem)
            else:
                SavedSearch.objects.filter(pk=f.saved.pk).update(
                    watermark=watermark, last_sent_at=now, problem=""
                )
        counts["sent"] += 1
    return counts


def sweep():
    """The task worker's periodic step: send what is due, from the morning on."""
    now = timezone.now()
    if timezone.localtime(now).hour < getattr(settings, "SEARCH_ALERTS_HOUR", DEFAULT_SEND_HOUR):
        return
    for frequency in (SavedSearch.Frequency.DAILY, SavedSearch.Frequency.WEEKLY):
        send_alerts(frequency=frequency, now=now)
