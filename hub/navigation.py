"""The primary navigation: menu pages under the site root, then the apps' own sections.

Apps add their sections with ``register`` from their ``AppConfig.ready``; pages appear when an
editor ticks "Show in menus". Everything is filtered by the access layer.
"""

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import F
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from hub import sites
from hub.accounts import access

MENU_SECONDS = 10 * 60


@dataclass(frozen=True)
class NavItem:
    title: str
    url: str
    current: bool = False


_sections: list[tuple[int, str, str, Callable | None]] = []


def register(title, url_name, *, order=100, shown_to=None):
    """Add an app's section (a named URL) to the navigation after the menu pages.

    ``shown_to(viewer)`` (an ``access.Viewer``), if given, says who sees the link; it must cost
    no query, since every page draws the navigation.
    """
    if any(entry[1:3] == (title, url_name) for entry in _sections):
        return
    _sections.append((order, title, url_name, shown_to))
    _sections.sort(key=lambda entry: entry[:3])


def _items(request):
    if not hasattr(request, "user"):
        # The request was refused before the middleware ran (e.g. a bad Host header): the
        # error page gets a header without navigation rather than failing again.
        return []
    items = []
    site = Site.find_for_request(request)
    if site is not None and sites.keeps(request):
        entries = access.page_entries_visible_to(request.user, _menu_entries(request, site))
        items += [(entry.title, entry.url) for entry in entries]
    elif site is not None:
        menu_pages = access.pages_visible_to(request.user, site.root_page.get_children().in_menu())
        items += [(page.title, page.get_url(request)) for page in menu_pages]
    viewer = access.viewer_for(request.user)
    items += [
        (title, reverse(url_name))
        for _, title, url_name, shown_to in _sections
        if shown_to is None or shown_to(viewer)
    ]
    path = request.path
    return [
        NavItem(title, url, current=bool(url) and url != "/" and path.startswith(url))
        for title, url in items
    ]


@dataclass(frozen=True)
class MenuEntry:
    title: str
    url: str
    path: str
    alias_path: str | None


def _entries(request, pages) -> list[MenuEntry]:
    return [
        MenuEntry(page.title, page.get_url(request), page.path, page.alias_path)
        for page in pages.live().annotate(alias_path=F("alias_of__path"))
    ]


def _kept_entries(request, name, pages) -> list[MenuEntry]:
    """The entries of the live pages among ``pages``, the same for every viewer (filtered per
    viewer by the access layer afterwards), kept per host under the content generation, which
    any change to pages or their restrictions raises."""
    return sites.kept(request, name, lambda: _entries(request, pages), MENU_SECONDS)


def _menu_entries(request, site) -> list[MenuEntry]:
    """Every live menu page under the site's root."""
    return _kept_entries(request, "menu", site.root_page.get_children().in_menu())


def primary_navigation(request):
    return SimpleLazyObject(lambda: _items(request))


def breadcrumbs(request, page) -> list[MenuEntry]:
    """The page's live ancestors below the tree root that the viewer may see, top first; the
    site root is called "Home"."""
    ancestors = page.get_ancestors().filter(depth__gt=1).order_by("path")
    if page.pk and sites.keeps(request):
        # Kept per parent, which decides them: siblings share one entry, so a site's pages
        # do not crowd the (bounded) cache that also holds their stored copies.
        parent_path = page.path[: -page.steplen]
        entries = _kept_entries(request, f"crumbs:{parent_path}", ancestors)
    else:
        entries = _entries(request, ancestors)
    visible = access.page_entries_visible_to(request.user, entries)
    return [
        dataclasses.replace(entry, title="Home") if len(entry.path) == 2 * page.steplen else entry
        for entry in visible
    ]
