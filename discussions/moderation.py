"""Writes by the programme team: hide, lock, pin, move, retag, merge tags, resolve reports."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag

from hub.tagging import clean_tag_names

from . import areas, rules
from .models import Flag, Follow, Thread, ThreadTag
from .services import _changed, apply_area, refresh_thread

THREAD_ACTIONS = {
    "hide": ("is_hidden", True),
    "unhide": ("is_hidden", False),
    "lock": ("is_locked", True),
    "unlock": ("is_locked", False),
    "pin": ("is_pinned", True),
    "unpin": ("is_pinned", False),
}


def _require_moderator(user):
    if not rules.is_moderator(user):
        raise PermissionDenied("Only the programme team can moderate discussions.")


def _resolve_flags(flags, by):
    flags.filter(resolved=False).update(resolved=True, resolved_at=timezone.now(), resolved_by=by)


@transaction.atomic
def thread_set(*, by, thread, action) -> Thread:
    """Hide, unhide, lock, unlock, pin or unpin a thread. Hiding resolves its open reports."""
    _require_moderator(by)
    if action not in THREAD_ACTIONS:
        raise ValidationError("Unknown moderation action.")
    field, value = THREAD_ACTIONS[action]
    setattr(thread, field, value)
    thread.save(update_fields=[field])
    if action == "hide":
        _resolve_flags(thread.flags.filter(reply=None), by)
    _changed(thread)
    return thread


@transaction.atomic
def thread_move(*, by, thread, area) -> Thread:
    _require_moderator(by)
    if area not in areas.BY_KEY:
        raise ValidationError("Choose an area from the list.")
    apply_area(thread, area)
    _changed(thread)
    return thread


@transaction.atomic
def thread_retag(*, by, thread, tags) -> Thread:
    _require_moderator(by)
    thread.tags.set(clean_tag_names(tags))
    _changed(thread)
    return thread


@transaction.atomic
def reply_set_hidden(*, by, reply, hidden) -> None:
    """Hide or show a reply. Hiding the accepted answer unmarks it until it is shown again
    (unless the asker has chosen another answer in the meantime)."""
    _require_moderator(by)
    thread = reply.thread
    if hidden:
        reply.hidden_while_accepted = reply.pk == thread.accepted_reply_id
    else:
        if reply.hidden_while_accepted and thread.accepted_reply_id is None:
            thread.accepted_reply = reply
        reply.hidden_while_accepted = False
    reply.is_hidden = hidden
    reply.save(update_fields=["is_hidden", "hidden_while_accepted"])
    if hidden:
        _resolve_flags(reply.flags.all(), by)
    refresh_thread(thread)
    _changed(thread)


@transaction.atomic
def tags_merge(*, by, source: Tag, target: Tag) -> int:
    """Move every thread and follower of ``source`` to ``target``; returns threads changed.

    Only discussions' own links move: pages and documents keep their tags, so ``source`` stays
    in the tag table while anything else uses it.
    """
    _require_moderator(by)
    if source.pk == target.pk:
        raise ValidationError("Choose two different tags.")
    links = ThreadTag.objects.filter(tag=source)
    thread_ids = set(links.values_list("content_object_id", flat=True))
    already = set(
        ThreadTag.objects.filter(tag=target, content_object_id__in=thread_ids).values_list(
            "content_object_id", flat=True
        )
    )
    links.filter(content_object_id__in=already).delete()
    links.update(tag=target)
    followers = Follow.objects.filter(tag=source)
    taken = Follow.objects.filter(tag=target).values("user_id")
    followers.filter(user_id__in=taken).delete()
    followers.update(tag=target)
    for thread in Thread.objects.filter(pk__in=thread_ids):
        _changed(thread)
    return len(thread_ids)


def flag_resolve(*, by, flag) -> Flag:
    _require_moderator(by)
    _resolve_flags(Flag.objects.filter(pk=flag.pk), by)
    flag.refresh_from_db()
    return flag
