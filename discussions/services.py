"""Writes by members: asking, answering, editing, deleting, accepting, reporting, following.

Every function checks permission itself (views only translate errors into pages), and sends
``thread_changed`` when what readers or search see has changed.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from hub.tagging import clean_tag_names

from . import areas, rules
from .models import Flag, Follow, PostRevision, Reply, Thread
from .notifications import send_reply_emails
from .signals import thread_changed
from .text import render_markdown

DUPLICATE_WINDOW = timedelta(minutes=10)


def _changed(thread):
    thread_changed.send(sender=Thread, instance=thread)


def refresh_thread(thread):
    """Recount visible replies, the time of the last one, and drop an answer no longer shown."""
    visible = thread.replies.filter(is_hidden=False, is_deleted=False)
    thread.reply_count = visible.count()
    last = visible.aggregate(last=Max("created_at"))["last"]
    thread.last_activity_at = max(filter(None, [thread.created_at, last]))
    if thread.accepted_reply_id and not visible.filter(pk=thread.accepted_reply_id).exists():
        thread.accepted_reply = None
    thread.save(update_fields=["reply_count", "last_activity_at", "accepted_reply"])


def apply_area(thread, area_key):
    area = areas.BY_KEY[area_key]
    thread.area = area.key
    thread.audience = area.audience
    thread.save(update_fields=["area", "audience"])
    thread.groups.set(areas.groups_for(area))


def _follow(user, thread):
    Follow.objects.get_or_create(user=user, thread=thread)


@transaction.atomic
def thread_create(
    *, author, title, body, tags=(), area="members", organisation=None, learning_event=None
) -> Thread:
    if not rules.can_post(author):
        raise PermissionDenied("Only approved members can start a discussion.")
    if area not in {a.key for a in areas.areas_for(author)}:
        raise PermissionDenied("You can only post in areas you belong to.")
    tags = clean_tag_names(tags)
    now = timezone.now()
    thread = Thread(
        title=title,
        body=body,
        body_html=render_markdown(body),
        author=author,
        organisation=organisation,
        learning_event=learning_event,
        created_at=now,
        last_activity_at=now,
    )
    thread.full_clean(exclude=["body_html", "area", "audience"])
    thread.save()
    apply_area(thread, area)
    thread.tags.set(tags)
    _follow(author, thread)
    _changed(thread)
    return thread


def _keep_revision(post, *, by, thread=None, reply=None):
    PostRevision.objects.create(
        thread=thread,
        reply=reply,
        title=getattr(post, "title", "") if thread else "",
        body=post.body,
        body_html=post.body_html,
        edited_by=by,
    )


@transaction.atomic
def thread_edit(*, user, thread, title, body, tags=None) -> Thread:
    if not rules.can_edit(user, thread, thread):
        raise PermissionDenied("You can only edit your own questions.")
    tags = clean_tag_names(tags) if tags is not None else None
    if title != thread.title or body != thread.body:
        _keep_revision(thread, by=user, thread=thread)
        thread.title, thread.body = title, body
        thread.body_html = render_markdown(body)
        thread.edited_at = timezone.now()
        thread.full_clean(exclude=["body_html", "area", "audience", "accepted_reply"])
        thread.save(update_fields=["title", "body", "body_html", "edited_at"])
    if tags is not None:
        thread.tags.set(tags)
    _changed(thread)
    return thread


@transaction.atomic
def thread_delete(*, user, thread) -> Thread:
    """The question's text goes; the title and replies stay so the answers still make sense."""
    if not rules.can_edit(user, thread, thread):
        raise PermissionDenied("You can only delete your own questions.")
    thread.is_deleted = True
    thread.save(update_fields=["is_deleted"])
    _changed(thread)
    return thread


@transaction.atomic
def reply_create(*, author, thread, body, notify=True) -> Reply:
    """Post a reply. ``notify=False`` (demo content, imports) skips the followers' email."""
    if not rules.can_reply(author, thread):
        if thread.is_locked:
            raise PermissionDenied("This discussion is locked: no new replies.")
        raise PermissionDenied("You cannot reply to this discussion.")
    recent = timezone.now() - DUPLICATE_WINDOW
    if Reply.objects.filter(author=author, body=body, created_at__gte=recent).exists():
        raise ValidationError({"body": "You have just posted this reply. It is already there."})
    reply = Reply(thread=thread, author=author, body=body, body_html=render_markdown(body))
    reply.full_clean(exclude=["body_html"])
    reply.save()
    refresh_thread(thread)
    _follow(author, thread)
    _changed(thread)

    if notify:
        reply_id = reply.pk
        transaction.on_commit(lambda: send_reply_emails.enqueue(reply_id))
    return reply


@transaction.atomic
def reply_edit(*, user, reply, body) -> Reply:
    thread = reply.thread
    if not rules.can_edit(user, reply, thread):
        raise PermissionDenied("You can only edit your own replies.")
    if body != reply.body:
        _keep_revision(reply, by=user, reply=reply)
        reply.body, reply.body_html = body, render_markdown(body)
        reply.edited_at = timezone.now()
        reply.full_clean(exclude=["body_html"])
        reply.save(update_fields=["body", "body_html", "edited_at"])
        _changed(thread)
    return reply


@transaction.atomic
def reply_delete(*, user, reply) -> Reply:
    thread = reply.thread
    if not rules.can_edit(user, reply, thread):
        raise PermissionDenied("You can only delete your own replies.")
    reply.is_deleted = True
    reply.save(update_fields=["is_deleted"])
    refresh_thread(thread)
    _changed(thread)
    return reply


@transaction.atomic
def answer_accept(*, user, thread, reply=None) -> Thread:
    """Mark ``reply`` as the answer that worked (``None`` clears it)."""
    if not rules.can_accept(user, thread):
        raise PermissionDenied("Only the person who asked can accept an answer.")
    if reply is not None and (reply.thread_id != thread.pk or reply.is_hidden or reply.is_deleted):
        raise ValidationError("That reply cannot be accepted.")
    thread.accepted_reply = reply
    thread.save(update_fields=["accepted_reply"])
    # The asker has decided again: a hidden answer no longer comes back as the answer.
    thread.replies.filter(hidden_while_accepted=True).update(hidden_while_accepted=False)
    _changed(thread)
    return thread


def flag_create(*, reporter, thread, reply=None, reason) -> Flag:
    if not rules.can_post(reporter) or not rules.can_read_thread(reporter, thread):
        raise PermissionDenied("Only approved members can report a post.")
    flag, _ = Flag.objects.get_or_create(
        thread=thread, reply=reply, reporter=reporter, resolved=False, defaults={"reason": reason}
    )
    return flag


def follow_thread(*, user, thread, follow=True):
    if not rules.can_post(user) or not rules.can_read_thread(user, thread):
        raise PermissionDenied("Only approved members can follow discussions.")
    if follow:
        Follow.objects.update_or_create(user=user, thread=thread, defaults={"notify": True})
    else:
        Follow.objects.filter(user=user, thread=thread).delete()


def follow_tag(*, user, tag, follow=True):
    if not rules.can_post(user):
        raise PermissionDenied("Only approved members can follow tags.")
    if follow:
        Follow.objects.update_or_create(user=user, tag=tag, defaults={"notify": True})
    else:
        Follow.objects.filter(user=user, tag=tag).delete()
