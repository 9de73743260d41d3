"""Email: a message per follower when a thread gets a reply, and the weekly digest.

Who receives what is decided when the message is built, per recipient, with the access layer:
a follower who has since lost access to a thread (moved area, hidden, account suspended) gets
nothing. Every link points at ``WAGTAILADMIN_BASE_URL``; post text goes in as plain words with
web addresses taken out, so the only links in a message are ours.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from hub import mail

from . import rules
from .models import DigestSent, Follow, Reply, ThreadTag
from .selectors import threads_visible_to
from .text import plain_excerpt

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "discussions.unsubscribe"
DIGEST_PERIOD = timedelta(days=7)
DIGEST_MAX_THREADS = 20


# --- One-click unsubscribe ------------------------------------------------------------------


def unsubscribe_token(*, user, thread=None) -> str:
    payload = (
        {"u": user.pk, "k": "thread", "t": thread.pk} if thread else {"u": user.pk, "k": "digest"}
    )
    return mail.sign(payload, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(*, user, thread=None) -> str:
    token = unsubscribe_token(user=user, thread=thread)
    return mail.absolute(reverse("discussions:unsubscribe", args=[token]))


def read_unsubscribe_token(token: str) -> dict | None:
    payload = mail.unsign(token, salt=UNSUBSCRIBE_SALT)
    if payload is None or payload.get("k") not in {"thread", "digest"}:
        return None
    return payload


def unsubscribe(payload: dict) -> int:
    """Stop the email a token is for; the follow itself stays so the choice sticks."""
    follows = Follow.objects.filter(user_id=payload["u"])
    if payload["k"] == "thread":
        follows = follows.filter(thread_id=payload.get("t"))
    else:
        follows = follows.filter(tag__isnull=False)
    return follows.update(notify=False)


# --- Messages -------------------------------------------------------------------------------


def _message(*, user, subject, template, context, unsubscribe_link):
    context = {
        **context,
        "user": user,
        "unsubscribe_url": unsubscribe_link,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "site_url": mail.absolute("/"),
    }
    return mail.unsubscribable(
        to=user.email,
        subject=subject,
        template=f"discussions/email/{template}",
        context=context,
        unsubscribe_url=unsubscribe_link,
    )


def reply_messages(reply) -> list[EmailMultiAlternatives]:
    thread = reply.thread
    if reply.is_hidden or reply.is_deleted or thread.is_hidden:
        return []
    follows = (
        Follow.objects.filter(thread=thread, notify=True, user__is_active=True)
        .exclude(user_id=reply.author_id)
        .exclude(user__email="")
        .select_related("user")
    )
    messages = []
    for follow in follows:
        recipient = follow.user
        if not rules.can_read_thread(recipient, thread):
            continue
        context = {
            "thread": thread,
            "reply": reply,
            "author_name": reply.author.display_name if reply.author else "A former member",
            "excerpt": plain_excerpt(reply.body),
            "reply_url": mail.absolute(reply.get_absolute_url()),
        }
        messages.append(
            _message(
                user=recipient,
                subject=f"New reply: {thread.title}",
                template="reply",
                context=context,
                unsubscribe_link=unsubscribe_url(user=recipient, thread=thread),
            )
        )
    return messages


@task()
def send_reply_emails(reply_id: int) -> int:
    reply = (
        Reply.objects.select_related("thread", "author")
        .prefetch_related("thread__groups")
        .filter(pk=reply_id)
        .first()
    )
    if reply is None:
        return 0
    messages = reply_messages(reply)
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


# --- Weekly digest --------------------------------------------------------------------------


def period_start(now):
    """The Monday that starts the week ``now`` falls in (local time): one digest per week."""
    today = timezone.localtime(now).date()
    return today - timedelta(days=today.weekday())


def digest_threads(*, user, since):
    tag_ids = Follow.objects.filter(user=user, tag__isnull=False, notify=True).values("tag_id")
    tagged = ThreadTag.objects.filter(tag_id__in=tag_ids).values("content_object_id")
    return list(
        threads_visible_to(user=user)
        .filter(pk__in=tagged, created_at__gte=since, is_deleted=False)
        .exclude(author=user)
        .prefetch_related("tags")
        .order_by("-created_at")[:DIGEST_MAX_THREADS]
    )


def send_digests(*, now=None, stdout=None) -> dict:
    """Send this week's digest to every follower of a tag who has not had it yet."""
    now = now or timezone.now()
    start = period_start(now)
    users = (
        get_user_model()
        .objects.filter(
            is_active=True,
            pk__in=Follow.objects.filter(tag__isnull=False, notify=True).values("user_id"),
        )
        .exclude(email="")
        .exclude(pk__in=DigestSent.objects.filter(period_start=start).values("user_id"))
        .order_by("pk")
    )
    counts = {"sent": 0, "empty": 0, "failed": 0}
    connection = get_connection()
    for user in users:
        if not rules.can_post(user):
            counts["empty"] += 1
            continue
        last = DigestSent.objects.filter(user=user).order_by("-sent_at").first()
        since = max(last.sent_at, now - DIGEST_PERIOD) if last else now - DIGEST_PERIOD
        threads = digest_threads(user=user, since=since)
        if not threads:
            counts["empty"] += 1
            continue
        try:
            # The row is the claim: a second run (even a concurrent one) finds it and skips.
            with transaction.atomic():
                record = DigestSent.objects.create(
                    user=user, period_start=start, sent_at=now, thread_count=len(threads)
                )
        except IntegrityError:
            continue
        message = _message(
            user=user,
            subject=f"This week in discussions: {len(threads)} new "
            + ("thread" if len(threads) == 1 else "threads"),
            template="digest",
            context={
                "threads": [(t, mail.absolute(t.get_absolute_url())) for t in threads],
                "manage_url": mail.absolute(reverse("discussions:list")),
            },
            unsubscribe_link=unsubscribe_url(user=user),
        )
        try:
            connection.send_messages([message])
        except OSError:
            # Not sent, so not counted: the next run this week tries this person again.
            logger.exception("Could not send the discussions digest to user %s", user.pk)
            record.delete()
            counts["failed"] += 1
            continue
        counts["sent"] += 1
    return counts
