"""Pieces shared by the hub's page models: tagged pages, listings and access-filtered documents."""

from django.contrib.auth.models import AnonymousUser
from wagtail.documents import get_document_model

from hub.accounts import access


def visible_documents(user, stream):
    """The documents chosen in a stream of document blocks that ``user`` may open, in order.

    A document whose collection is private to others is dropped, so its title never shows.
    """
    ids = [block.value.pk for block in stream if block.value is not None]
    if not ids:
        return []
    queryset = access.documents_visible_to(
        user, get_document_model().objects.filter(pk__in=ids).select_related("collection")
    )
    by_id = {doc.pk: doc for doc in queryset}
    return [by_id[pk] for pk in ids if pk in by_id]


def visible_pages(user, queryset):
    """A page queryset filtered for ``user`` by the access layer (a fixed number of queries)."""
    return access.pages_visible_to(user, queryset)


def public_pages(queryset):
    """Pages anyone may see: what feeds, calendars and the sitemap publish."""
    return access.pages_visible_to(AnonymousUser(), queryset)
