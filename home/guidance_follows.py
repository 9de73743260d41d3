"""Following one guidance page: who follows what, and the email when it changes.

A follower is emailed when the page is published with a new "what changed" note or with a
(new) replacement. Who receives what is decided when the email is built, with the access
layer: a follower who may no longer read the page gets nothing, and a replacement the
follower may not read is mentioned without its title or address.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django_tasks import task

from hub import mail
from hub.accounts import access

from .models import GuidanceChange, GuidanceFollow, GuidancePage

UNSUBSCRIBE_SALT = "home.guidance-unsubscribe"


# --- Reads ----------------------------------------------------------------------------------


def is_following(*, user, page) -> bool:
    if not user.is_authenticated:
        return False
    return GuidanceFollow.objects.filter(user=user, page=page).exists()


def follows_for(*, user) -> list[tuple[GuidanceFollow, GuidancePage | None]]:
    """The user's guidance follows, newest first, each with its page if they may read it now
    (None otherwise: the title is not theirs to see). Two queries however many."""
    follows = list(GuidanceFollow.objects.filter(user=user).order_by("-created_at", "-pk"))
    if not follows:
        return []
    readable = {
        page.pk: page
        for page in access.pages_visible_to(
            user, GuidancePage.objects.filter(pk__in=[f.page_id for f in follows])
        )
    }
    return [(follow, readable.get(follow.page_id)) for follow in follows]


# --- Writes ---------------------------------------------------------------------------------


def follow(*, user, page) -> GuidanceFollow:
    """Start following; following twice (a double submit) keeps the one follow."""
    if not access.viewer_for(user).is_approved or not access.can_view_page(user, page):
        raise PermissionDenied("Only approved members can follow guidance.")
    try:
        with transaction.atomic():
            found, _ = GuidanceFollow.objects.get_or_create(
                user=user,
                page=page,
                # A replacement already in place is on the page; only a new one is news.
                defaults={"told_replaced_by_id": page.superseded_by_id},
            )
    except IntegrityError:  # a second request created it in between
        found = GuidanceFollow.objects.get(user=user, page=page)
    return found


def unfollow(*, user, page_id) -> bool:
    """Stop following; works for a page the user can no longer read, since the row is theirs."""
    deleted, _ = GuidanceFollow.objects.filter(user=user, page_id=page_id).delete()
    return bool(deleted)


# --- One-click unsubscribe ------------------------------------------------------------------


def unsubscribe_token(*, user, page) -> str:
    return mail.sign({"u": user.pk, "p": page.pk}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> dict | None:
    payload = mail.unsign(token, salt=UNSUBSCRIBE_SALT)
    if payload is None or not {"u", "p"} <= payload.keys():
        return None
    return payload


# --- Email ----------------------------------------------------------------------------------


def guidance_messages(page, change=None) -> tuple[list[EmailMultiAlternatives], list[int]]:
    """The emails about this publish of ``page``, and the follows told of its replacement."""
    follows = (
        page.follows.filter(user__is_active=True).exclude(user__email="").select_related("user")
    )
    successor = page.superseded_by if page.superseded_by_id else None
    messages, told = [], []
    for follow in follows:
        user = follow.user
        if not access.can_view_page(user, page):
            continue
        replaced = successor is not None and follow.told_replaced_by_id != successor.pk
        if change is None and not replaced:
            continue
        shown_successor = successor if replaced and access.can_view_page(user, successor) else None
        context = {
            "user": user,
            "page": page,
            "page_url": mail.absolute(page.get_url()),
            "change": change,
            "replaced": replaced,
            "successor": shown_successor,
            "successor_url": mail.absolute(shown_successor.get_url()) if shown_successor else "",
            "unsubscribe_url": mail.absolute(
                reverse(
                    "account:guidance_unsubscribe", args=[unsubscribe_token(user=user, page=page)]
                )
            ),
            "site_name": settings.WAGTAIL_SITE_NAME,
            "site_url": mail.absolute("/"),
        }
        subject = f"{'Guidance replaced' if replaced else 'Guidance updated'}: {page.title}"
        messages.append(
            mail.unsubscribable(
                to=user.email,
                subject=subject,
                template="home/email/guidance_changed",
                context=context,
                unsubscribe_url=context["unsubscribe_url"],
            )
        )
        if replaced:
            told.append(follow.pk)
    return messages, told


@task()
def send_guidance_emails(page_id: int, change_id: int | None = None) -> int:
    page = GuidancePage.objects.live().select_related("superseded_by").filter(pk=page_id).first()
    if page is None:
        return 0
    change = GuidanceChange.objects.filter(pk=change_id, page=page).first() if change_id else None
    messages, told = guidance_messages(page, change)
    if messages:
        get_connection().send_messages(messages)
    if told:
        GuidanceFollow.objects.filter(pk__in=told).update(told_replaced_by=page.superseded_by_id)
    return len(messages)


def after_publish(page, change=None) -> None:
    """Queue the followers' emails for once the publish is committed."""
    if page.superseded_by_id is None and change is None:
        return
    change_id = change.pk if change else None
    transaction.on_commit(lambda: send_guidance_emails.enqueue(page.pk, change_id))
