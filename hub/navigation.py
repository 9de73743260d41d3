"""The primary navigation: menu pages under the site root, then the apps' own sections.

Apps add their sections with ``register`` from their ``AppConfig.ready``; pages appear when an
editor ticks "Show in menus". Everything is filtered by the access layer.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from hub import page_cache
from hub.accounts import access


@dataclass(frozen=True)
class NavItem:
    title: str
    url: str
    current: bool = False


_sections: list[tuple[int, str, str]] = []


def register(title, url_name, *, order=100):
    """Add an app's section (a named URL) to the navigation after the menu pages."""
    entry = (order, title, url_name)
    if entry not in _sections:
        _sections.append(entry)
        _sections.sort()


MENU_SECONDS = 5 * 60


def _menu_pages(request) -> list[tuple[str, str]]:
    """Title and URL of each menu page the viewer may see.

    Kept across requests under everything that decides the answer: the content generation
    (it goes up with any change to pages or their privacy, see ``hub.page_cache``), the host
    (which picks the site and how URLs are written) and what the viewer may see, which is the
    same for every anonymous or pending visitor and for members of the same groups.
    """
    visibility = access.viewer_for(request.user).visibility()
    decided_by = (
        page_cache.generation(),
        request.get_host(),
        visibility.members,
        visibility.every_group,
        sorted(visibility.group_ids),
    )
    key = f"hub:menu:{hashlib.sha256(repr(decided_by).encode()).hexdigest()}"
    pages = cache.get(key)
    if pages is None:
        pages = _menu_pages_from_database(request)
        cache.set(key, pages, MENU_SECONDS)
    return pages


def _menu_pages_from_database(request) -> list[tuple[str, str]]:
    site = Site.find_for_request(request)
    if site is None:
        return []
    menu_pages = access.pages_visible_to(request.user, site.root_page.get_children().in_menu())
    return [(page.title, page.get_url(request)) for page in menu_pages]


def _items(request):
    if not hasattr(request, "user"):
        # The request was refused before the middleware ran (e.g. a bad Host header): the
        # error page gets a header without navigation rather than failing again.
        return []
    items = _menu_pages(request)
    items += [(title, reverse(url_name)) for _, title, url_name in _sections]
    path = request.path
    return [
        NavItem(title, url, current=bool(url) and url != "/" and path.startswith(url))
        for title, url in items
    ]


def primary_navigation(request):
    return SimpleLazyObject(lambda: _items(request))


def breadcrumbs(request, page):
    """The page's ancestors below the tree root that the viewer may see, top first."""
    ancestors = page.get_ancestors().filter(depth__gt=1)
    return list(access.pages_visible_to(request.user, ancestors))
