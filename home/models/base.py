"""The ground every page family stands on: what search needs from a page, and index pages.

An index page lists its children for the reader: filtered by ``?name=value`` links, ordered,
and paginated with ``Paginator.get_page``. The URL holds the whole state of a listing, so
listings work without JavaScript, can be bookmarked, and a bad value falls back to the
unfiltered first page.
"""

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel
from wagtail.documents import get_document_model
from wagtail.models import Page

from hub.accounts import access

# How long shared caches may keep answers that are the same for everyone (feeds, calendar).
PUBLIC_MAX_AGE = 600  # seconds
PER_PAGE = 10


class SearchablePage:
    """What a page tells search about itself; each family overrides what it knows better.

    Search reads only these, so no page is guessed at by the names of its fields.
    """

    search_kind = "page"  # the facet the page is counted under

    def search_summary(self) -> str:
        return getattr(self, "summary", "") or self.search_description or ""

    def search_date(self):
        """The day the page is of: when it was first published, unless the family knows better."""
        published = self.first_published_at or self.last_published_at
        return published.date() if published else None

    def search_organisation(self):
        """The organisation the page is from or about, if any."""
        return None

    def search_context(self) -> list[str]:
        """Words readers search by that the page's own text may never say: a place, a day."""
        return []

    def search_boost(self) -> float:
        return 1.0

    def search_replaced(self) -> bool:
        """Whether newer content replaces this page: its search hit says so."""
        return False


def day_words(value) -> str:
    """A date as its page shows it, so "November 2013" finds that month's news and events."""
    return f"{value.day} {value:%B %Y}"


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


def public_pages(queryset):
    """Pages anyone may see: what feeds, calendars and the sitemap publish."""
    return access.pages_visible_to(AnonymousUser(), queryset)


def choice_param(request, name, choices):
    """The value of ``?name=`` if it is one of ``choices`` (values), else an empty string."""
    value = request.GET.get(name, "")
    return value if value in {str(c) for c in choices} else ""


class IndexPage(SearchablePage, Page):
    """A page that lists its children of one type, for the reader, a page of them at a time.

    A family says which children (its one ``subpage_types``), how they are ordered
    (``ordering``), and may narrow them by what the request asks for (``filter_children``).
    """

    introduction = models.TextField(blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    max_count = 1

    child_select_related = ()  # foreign keys the listing and the child's own page show
    ordering = ("-first_published_at", "-pk")
    # The tag model of the children, when the listing offers a filter by tag.
    child_tag_model = None

    class Meta:
        abstract = True

    def children(self):
        child_model = apps.get_model(self.subpage_types[0])
        return child_model.objects.child_of(self).select_related(*self.child_select_related)

    def filter_children(self, request, pages):
        """Narrow the reader's visible children by ``request.GET``.

        Returns the pages (ordered) and what the template needs to show the filters.
        """
        return pages.order_by(*self.ordering), {}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        visible = access.pages_visible_to(request.user, self.children())
        pages, filters = self.filter_children(request, visible)
        if self.child_tag_model is not None:
            tag = request.GET.get("tag", "")[:100]
            if tag:
                pages = pages.filter(tags__slug=tag)
            # Into a list: a prefetch into the manager builds a tag queryset per page, which
            # costs more than the one query that fetches them all.
            pages = pages.prefetch_related(Prefetch("tags", to_attr="listed_tags"))
            # Only tags on pages this reader may see: a tag used only on a restricted page is
            # itself restricted.
            used = self.child_tag_model.objects.filter(content_object_id__in=visible.values("pk"))
            filters.update(
                current_tag=tag,
                tags=Tag.objects.filter(pk__in=used.values("tag_id")).order_by("name"),
            )
        context.update(
            filters,
            filtered=any(value for name, value in request.GET.items() if name != "page"),
            page_obj=Paginator(pages, PER_PAGE).get_page(request.GET.get("page")),
        )
        return context

    def route(self, request, path_components):
        # Wagtail's own routing loads the child as a plain Page, then again as its specific
        # type; the index knows its children's type, so it saves that query and those of the
        # foreign keys the child's page shows. Slugs are unique among siblings, so no order is
        # asked for (Django's ORDER BY over a wide select costs more than the query).
        if path_components and self.live:
            found = self.children().filter(slug=path_components[0]).order_by()[:1]
            child = next(iter(found), None)
            if child is not None:
                return child.route(request, path_components[1:])
        return super().route(request, path_components)
