"""How objects from every app become search entries, without ``search/`` importing them.

Each app declares, in its own ``projections.py``, a *projector* per model::

    from search import registry

    def project_thing(thing, context):
        if thing.hidden:
            return None  # not searchable: its entry is removed
        return registry.Projection(kind="thing", title=thing.title, url=..., rule=...)

    registry.register("app.Thing", project_thing)

``SearchConfig.ready()`` imports every app's ``projections`` module. A registration covers
subclasses too (the nearest registered class wins), so one projector for ``wagtailcore.Page``
covers page types that do not exist yet. Entries are keyed on the object's top concrete model
(every page is keyed as a ``Page``), so deleting either half of a multi-table row finds it.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from hub.accounts import access
from search import services
from search.engines import external_index

logger = logging.getLogger(__name__)


@dataclass
class Projection:
    """The searchable form of one object, and who may see it."""

    kind: str
    title: str
    url: str
    rule: access.Rule
    summary: str = ""
    body: str = ""
    tags: list = field(default_factory=list)  # taggit Tag instances
    organisation: str = ""
    date: datetime.date | None = None
    date_precision: str = "day"  # "day", "month" or "year": how much of ``date`` is known
    boost: float = 1.0
    replaced: bool = False  # newer content replaces it (superseded guidance)


@dataclass
class ProjectionContext:
    """Shared by every projector call in one batch: a fresh viewer snapshot of restrictions.

    A fresh ``Viewer`` matters: restriction snapshots are memoised on the viewer, so reusing a
    long-lived one would project pages with yesterday's privacy.
    """

    viewer: access.Viewer = field(default_factory=access.Viewer)


Projector = Callable[[object, ProjectionContext], Projection | None]


@dataclass
class Registration:
    model_label: str
    projector: Projector
    objects: Callable[[], Iterable] | None


_registry: dict[str, Registration] = {}


def register(model_label: str, projector: Projector, *, objects=None, signals=True):
    """Make ``model_label`` (and its subclasses) searchable through ``projector``.

    ``objects`` returns everything to project on a full rebuild (default: every row).
    ``signals`` keeps entries in step on save and delete; pages say no, because a page save is
    not a publish: the page signals in ``search.handlers`` take care of them.
    """
    model = apps.get_model(model_label)
    _registry[model._meta.label_lower] = Registration(model_label, projector, objects)
    if signals:
        post_save.connect(_saved, sender=model, weak=False, dispatch_uid=f"search-{model_label}")
        post_delete.connect(
            _deleted, sender=model, weak=False, dispatch_uid=f"search-del-{model_label}"
        )


def registration_for(model) -> Registration | None:
    for klass in model.__mro__:
        meta = getattr(klass, "_meta", None)
        if meta is not None and meta.label_lower in _registry:
            return _registry[meta.label_lower]
    return None


def registrations() -> list[Registration]:
    return list(_registry.values())


def root_model(model):
    """The top concrete model of a multi-table inheritance chain (``Page`` for every page)."""
    parents = model._meta.concrete_model._meta.get_parent_list()
    return parents[-1] if parents else model._meta.concrete_model


def source_key(obj) -> tuple[ContentType, int]:
    return ContentType.objects.get_for_model(root_model(type(obj))), obj.pk


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        sync(instance)


def _deleted(sender, instance, **kwargs):
    remove(instance)


# --- Writing entries --------------------------------------------------------------------------


def project(obj, context: ProjectionContext | None = None) -> Projection | None:
    obj = getattr(obj, "specific", obj)
    registration = registration_for(type(obj))
    if registration is None:
        return None
    return registration.projector(obj, context or ProjectionContext())


def sync(obj, context: ProjectionContext | None = None):
    """Bring one object's entry up to date: write it, or remove it if it is not searchable."""
    projection = project(obj, context)
    content_type, pk = source_key(obj)
    if projection is None:
        services.entry_delete(source_type=content_type, source_id=pk)
    else:
        services.entry_write(source_type=content_type, source_id=pk, projection=projection)


def sync_many(objects: Iterable):
    context = ProjectionContext()
    with transaction.atomic():
        for obj in objects:
            sync(obj, context)


def remove(obj):
    content_type, pk = source_key(obj)
    services.entry_delete(source_type=content_type, source_id=pk)


def rebuild(stdout=None) -> int:
    """Re-project every registered object and drop entries whose source has gone."""
    context = ProjectionContext()
    kept: set[tuple[int, int]] = set()
    for registration in registrations():
        model = apps.get_model(registration.model_label)
        objects = registration.objects() if registration.objects else model._default_manager.all()
        count = 0
        with transaction.atomic():
            for obj in objects.iterator(chunk_size=500):
                projection = project(obj, context)
                content_type, pk = source_key(obj)
                if projection is None:
                    services.entry_delete(source_type=content_type, source_id=pk)
                    continue
                services.entry_write(source_type=content_type, source_id=pk, projection=projection)
                kept.add((content_type.pk, pk))
                count += 1
        if stdout is not None:
            stdout.write(f"{registration.model_label}: {count} entries")
    return services.entries_prune(keep=kept)


def reindex(stdout=None) -> int:
    """Rebuild every entry from its source, then the Elasticsearch index if one is configured.

    Returns how many entries were dropped because their source has gone.
    """
    removed = rebuild(stdout=stdout)
    with connection.cursor() as cursor:
        # Fresh statistics let the database look matches up through the covering index
        # (SQLite never gathers them by itself).
        cursor.execute("ANALYZE search_searchentry")
    index = external_index()
    if index is not None:
        name = index.rebuild()
        if stdout is not None:
            stdout.write(f"Elasticsearch index {name} built and now live.")
    return removed
