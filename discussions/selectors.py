"""Reads. Every queryset of threads starts from ``threads_visible_to``: the access layer's filter
plus moderation (hidden threads exist only for moderators)."""

import re

from django.db.models import Case, IntegerField, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from taggit.models import Tag

from hub.accounts import access

from .models import Follow, PostRevision, Reply, Thread, ThreadTag
from .rules import is_moderator

SORTS = {
    "activity": ("-is_pinned", "-last_activity_at", "-pk"),
    "newest": ("-created_at", "-pk"),
    "replies": ("-reply_count", "-last_activity_at", "-pk"),
}


def threads_visible_to(*, user, include_hidden=False):
    queryset = access.visible_to(user, Thread.objects.all())
    if not (include_hidden and is_moderator(user)):
        queryset = queryset.filter(is_hidden=False)
    return queryset


def thread_list(*, user, tag=None, area=None, status=None, sort="activity"):
    """The threads for /discussions/: constant queries however many rows (tags prefetched).

    ``status="hidden"`` lists hidden threads, for moderators only (others get none).
    """
    if status == "hidden":
        queryset = threads_visible_to(user=user, include_hidden=True).filter(is_hidden=True)
        if not is_moderator(user):
            queryset = queryset.none()
    else:
        queryset = threads_visible_to(user=user)
    if tag:
        queryset = queryset.filter(
            pk__in=ThreadTag.objects.filter(tag__slug=tag).values("content_object_id")
        )
    if area:
        queryset = queryset.filter(area=area)
    if status == "unanswered":
        queryset = queryset.filter(reply_count=0)
    elif status == "solved":
        queryset = queryset.filter(accepted_reply__isnull=False)
    return (
        queryset.select_related("author", "author__organisation", "organisation")
        .prefetch_related("tags")
        .order_by(*SORTS.get(sort, SORTS["activity"]))
    )


def thread_for(*, user, pk, include_hidden=True):
    """One thread the user may read, or 404 (the same 404 as a thread that does not exist)."""
    queryset = threads_visible_to(user=user, include_hidden=include_hidden)
    return get_object_or_404(
        queryset.select_related("author", "organisation", "learning_event").prefetch_related(
            "tags", "groups"
        ),
        pk=pk,
    )


def replies_for(*, user, thread):
    """Replies in the order written, the accepted answer first. Moderators also see hidden ones."""
    queryset = thread.replies.select_related("author", "author__organisation")
    if not is_moderator(user):
        queryset = queryset.filter(is_hidden=False)
    replies = list(queryset.order_by("created_at", "pk"))
    accepted = [r for r in replies if r.pk == thread.accepted_reply_id and not r.is_hidden]
    return accepted + [r for r in replies if r not in accepted]


def reply_for(*, user, pk):
    """A reply in a thread the user may read; hidden replies only for moderators."""
    reply = get_object_or_404(Reply.objects.select_related("thread", "author"), pk=pk)
    thread_for(user=user, pk=reply.thread_id)
    if reply.is_hidden and not is_moderator(user):
        raise Http404
    return reply


def revisions_for(*, thread=None, reply=None):
    queryset = PostRevision.objects.select_related("edited_by")
    return queryset.filter(reply=reply) if reply else queryset.filter(thread=thread, reply=None)


def follow_state(*, user, thread):
    """Whether the user follows this thread, and which of its tags, in one query."""
    if not user.is_authenticated:
        return False, set()
    rows = Follow.objects.filter(user=user).filter(
        Q(thread=thread) | Q(tag__in=[t.pk for t in thread.tags.all()])
    )
    following = any(r.thread_id == thread.pk and r.notify for r in rows)
    return following, {r.tag_id for r in rows if r.tag_id}


def followed_tags(*, user):
    if not user.is_authenticated:
        return Tag.objects.none()
    return Tag.objects.filter(
        pk__in=Follow.objects.filter(user=user, tag__isnull=False).values("tag_id")
    ).order_by("name")


def tags_in_use(*, user):
    """Tags on threads the user may see, for the filter: one query."""
    visible = threads_visible_to(user=user).values("pk")
    return Tag.objects.filter(
        pk__in=ThreadTag.objects.filter(content_object_id__in=visible).values("tag_id")
    ).order_by("name")


_WORD = re.compile(r"\w[\w-]*\w")
# Words too common to say two questions are alike.
STOP_WORDS = frozenset(
    re.split(
        r"\s+",
        "the and for with that this what how who are our you your was were have has from they "
        "them their there when which will would can could should about into any",
    )
)


def similar_threads(*, user, text, limit=5):
    """Threads whose title or tags share words with ``text``, among those the user may see.

    A plain database match, ranked by how many words match; the search engine takes over later
    behind this same function.
    """
    words = []
    for word in _WORD.findall(text.lower()[:300]):
        if len(word) >= 3 and word not in STOP_WORDS and word not in words:
            words.append(word)
    words = words[:8]
    if not words:
        return []
    tag_matches = Tag.objects.filter(Q(slug__in=words) | Q(name__in=words))
    tagged = ThreadTag.objects.filter(tag__in=tag_matches).values("content_object_id")
    score = sum(
        (Case(When(title__icontains=word, then=Value(1)), default=Value(0)) for word in words),
        Value(0),
    ) + Case(When(pk__in=tagged, then=Value(2)), default=Value(0), output_field=IntegerField())
    match = Q(pk__in=tagged)
    for word in words:
        match |= Q(title__icontains=word)
    queryset = (
        threads_visible_to(user=user)
        .filter(match)
        .annotate(score=score)
        .prefetch_related("tags")
        .order_by("-score", "-last_activity_at")
    )
    return list(queryset[:limit])
