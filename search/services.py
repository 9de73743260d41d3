"""Writes to the search projection. The full-text tables follow by trigger."""

from django.db import transaction

from hub.accounts.access import Audience
from search.models import SearchEntry

MAX_BODY_CHARS = 200_000  # ~30,000 words: more than any real document, bounded for the index


def entry_write(*, source_type, source_id, projection) -> SearchEntry:
    rule = projection.rule
    if rule.password:
        # Password-protected items are never listed anywhere, so they have no entry.
        entry_delete(source_type=source_type, source_id=source_id)
        return None
    tags = list(projection.tags)
    values = {
        "kind": projection.kind,
        "title": projection.title[:500],
        "summary": projection.summary,
        "body": projection.body[:MAX_BODY_CHARS],
        "tags_text": " ".join(tag.name for tag in tags),
        "organisation": projection.organisation[:255],
        "audience": rule.audience,
        "date": projection.date,
        "year": projection.date.year if projection.date else None,
        "url": projection.url[:500],
        "boost": projection.boost,
        "replaced": projection.replaced,
    }
    with transaction.atomic():
        entry, _ = SearchEntry.objects.update_or_create(
            source_type=source_type, source_id=source_id, defaults=values
        )
        entry.tags.set(tags)
        entry.groups.set(rule.group_ids if rule.audience == Audience.GROUPS else [])
    _notify_changed([entry.pk])
    return entry


def entry_delete(*, source_type, source_id):
    ids = list(
        SearchEntry.objects.filter(source_type=source_type, source_id=source_id).values_list(
            "pk", flat=True
        )
    )
    if ids:
        SearchEntry.objects.filter(pk__in=ids).delete()
        _notify_deleted(ids)


def entries_prune(*, keep: set[tuple[int, int]]) -> int:
    """Delete entries whose (content type id, object id) is not in ``keep``; return how many."""
    stale = [
        pk
        for pk, type_id, source_id in SearchEntry.objects.values_list(
            "pk", "source_type_id", "source_id"
        )
        if (type_id, source_id) not in keep
    ]
    if stale:
        SearchEntry.objects.filter(pk__in=stale).delete()
        _notify_deleted(stale)
    return len(stale)


def _notify_changed(ids):
    from search.engines import external_index

    index = external_index()
    if index is not None:
        transaction.on_commit(lambda: index.write(ids))


def _notify_deleted(ids):
    from search.engines import external_index

    index = external_index()
    if index is not None:
        transaction.on_commit(lambda: index.delete(ids))
