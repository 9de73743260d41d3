"""Pieces shared by the hub's page models: tagged pages, listings and access-filtered documents."""

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from wagtail.documents import get_document_model

from hub.accounts import access

# How long shared caches may keep answers that are the same for everyone (feeds, calendar).
PUBLIC_MAX_AGE = 600  # seconds


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


def tags_on(through_model, pages):
    """The tags used on ``pages`` (already filtered for the reader), by name.

    Only tags on visible pages: a tag used only on a restricted page is itself restricted.
    """
    from taggit.models import Tag

    used = through_model.objects.filter(content_object_id__in=pages.values("pk"))
    return Tag.objects.filter(pk__in=used.values("tag_id")).order_by("name")


def public_pages(queryset):
    """Pages anyone may see: what feeds, calendars and the sitemap publish."""
    return access.pages_visible_to(AnonymousUser(), queryset)


class ChildRoutingMixin:
    """Route to a child page with one query of its specific model (and its foreign keys).

    Wagtail's own routing loads the child as a plain Page, then again as its specific type;
    an index page knows its children's type, so it can save both that query and those of the
    foreign keys the detail template shows.
    """

    child_model = None  # "app_label.ModelName" of the children
    child_select_related = ()

    def route(self, request, path_components):
        if path_components and self.live and self.child_model is not None:
            child = (
                apps.get_model(self.child_model)
                .objects.child_of(self)
                .select_related(*self.child_select_related)
                .filter(slug=path_components[0])
                .first()
            )
            if child is not None:
                return child.route(request, path_components[1:])
        return super().route(request, path_components)
