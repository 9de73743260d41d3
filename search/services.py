"""Writes to the search projection. The full-text tables follow by trigger."""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hub.accounts.access import Audience
from search.engines.base import kind_label
from search.models import SavedSearch, SearchEntry

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
        "date_precision": projection.date_precision if projection.date else "day",
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


# --- Saved searches -------------------------------------------------------------------------

MAX_SAVED_SEARCHES = 50


def _search_key(query: str, filters: dict) -> str:
    canonical = json.dumps(
        [" ".join(query.lower().split()), {k: sorted(v) for k, v in sorted(filters.items()) if v}]
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _default_name(query: str, filters: dict) -> str:
    chosen = [kind_label(v) for v in filters.get("kind", [])]
    chosen += [v for name in ("tag", "organisation", "year") for v in filters.get(name, [])]
    name = " ".join(query.split())
    if chosen:
        name += f" ({', '.join(chosen)})"
    return name[:100]


def saved_search_create(*, user, query, filters) -> tuple[SavedSearch, bool]:
    """Save a search for ``user`` (the same one twice keeps the first); (search, created).

    Only entries made after saving are new to it. Raises ``ValidationError`` past the limit.
    """
    from search.selectors import latest_entry_id

    filters = {name: list(values) for name, values in filters.items() if values}
    key = _search_key(query, filters)
    existing = SavedSearch.objects.filter(user=user, key=key).first()
    if existing is not None:
        return existing, False
    if SavedSearch.objects.filter(user=user).count() >= MAX_SAVED_SEARCHES:
        raise ValidationError(
            f"You can save up to {MAX_SAVED_SEARCHES} searches. "
            "Delete one you no longer need first."
        )
    try:
        with transaction.atomic():
            saved = SavedSearch.objects.create(
                user=user,
                name=_default_name(query, filters),
                query=query,
                filters=filters,
                key=key,
                watermark=latest_entry_id(),
            )
    except IntegrityError:
        # A double submit racing the first: that one saved it.
        return SavedSearch.objects.get(user=user, key=key), False
    return saved, True


def saved_search_update(*, saved: SavedSearch, name: str, frequency: str) -> SavedSearch:
    saved.name = name
    saved.frequency = frequency
    saved.save(update_fields=["name", "frequency"])
    return saved


def saved_search_delete(*, saved: SavedSearch):
    saved.delete()


def saved_searches_stop_emails(*, user_id, pk=None) -> int:
    """Stop the emails for one saved search (or all of a person's); the searches stay."""
    searches = SavedSearch.objects.filter(user_id=user_id)
    if pk is not None:
        searches = searches.filter(pk=pk)
    return searches.update(frequency=SavedSearch.Frequency.NEVER)
