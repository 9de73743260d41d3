"""Reads. Every queryset of threads starts from ``threads_visible_to``: the access layer's filter
plus moderation (hidden threads exist only for moderators)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from taggit.models import Tag

from hub.accounts import access
from search import selectors as search_selectors
from search.models import SearchEntry

from . import areas
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
        # Into a list: a prefetch into the manager builds a tag queryset per thread.
        .prefetch_related(Prefetch("tags", to_attr="listed_tags"))
        .order_by(*SORTS.get(sort, SORTS["activity"]))
    )


def active_threads(*, user, organisation=None, limit=5):
    """The threads with the latest activity that this user may see (optionally those about one
    site), for the home page and site pages: one query however many there are."""
    queryset = threads_visible_to(user=user)
    if organisation is not None:
        queryset = queryset.filter(organisation=organisation)
    return list(queryset.order_by("-last_activity_at", "-pk")[:limit])


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


def move_preview(*, thread, area):
    """What moving ``thread`` to ``area`` would show to people who cannot read it now, for the
    moderator to confirm; None when the move shows it to nobody new."""
    old, new = areas.BY_KEY[thread.area], areas.BY_KEY[area]
    newly = areas.new_readers(old, new)
    if not newly:
        return None
    return {
        "area": new,
        "new_readers": newly,
        "now_readers": old.readers,
        "replies": thread.visible_replies().count(),
        "hidden_replies": thread.replies.filter(is_hidden=True, is_deleted=False).count(),
    }


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


def similar_threads(*, user, text, limit=5):
    """Threads like ``text`` (e.g. a question being typed) that the user may see, best first.

    The search engine ranks them (stemming, synonyms, title above tags above body); its entries
    carry each thread's audience, and the threads are read back through ``threads_visible_to``
    too, so an entry that lags behind a change can never show a thread to the wrong person.
    """
    hits = search_selectors.similar_entries(user=user, text=text[:300], kind="thread", limit=limit)
    rank = {hit.entry_id: position for position, hit in enumerate(hits)}
    sources = SearchEntry.objects.filter(
        pk__in=rank, source_type=ContentType.objects.get_for_model(Thread)
    ).values_list("pk", "source_id")
    position = {source_id: rank[entry_id] for entry_id, source_id in sources}
    threads = threads_visible_to(user=user).filter(pk__in=position).prefetch_related("tags")
    return sorted(threads, key=lambda thread: position[thread.pk])
