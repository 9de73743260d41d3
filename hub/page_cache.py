"""A short-lived cache of whole pages for anonymous readers of public pages.

Only this is stored: a GET from someone without a session or messages cookie, answered 200 by
a Wagtail page the access layer found public (``access.mark_public_page``), with no cookie set,
no CSRF token in it, no ``Cache-Control`` of its own and no ``Vary`` but ``Cookie``. Those
answers (and copies served from the cache) say ``Cache-Control: public, max-age=…`` and
``Vary: Cookie``; every other answer passes through untouched.

A key holds the full URL (scheme, host, path and query string); the copy carries the content
generation read before it was rendered. The generation goes up after any change a page may
show (``bump_on_change``), and a copy is served only if its generation is the current one, so
a page just restricted, unpublished or edited is never answered from an older copy.
"""

import hashlib
import threading

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, patch_vary_headers

from .models import ContentGeneration

KEY_PREFIX = "hub:page"
MESSAGES_COOKIE = "messages"  # django.contrib.messages' cookie storage
_GENERATION_ROW = 1


def generation() -> int:
    # Read on every answer from the cache: one plain statement, as building it with the ORM
    # costs more than running it.
    meta, quote = ContentGeneration._meta, connection.ops.quote_name
    sql = f"SELECT value FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [_GENERATION_ROW])
        row = cursor.fetchone()
    return (row[0] if row else None) or 0


def request_generation(request) -> int:
    """The generation for everything one request keeps across requests (the site, a stored
    copy): read at most once per request."""
    current = getattr(request, "_hub_generation", None)
    if current is None:
        current = request._hub_generation = generation()
    return current


def bump() -> None:
    """Make every stored page stale, in every process."""
    updated = ContentGeneration.objects.filter(pk=_GENERATION_ROW).update(value=F("value") + 1)
    if not updated:  # no row yet: "missing" reads as 0, so start at 1
        ContentGeneration.objects.get_or_create(pk=_GENERATION_ROW, defaults={"value": 1})


class AnonymousPageCacheMiddleware:
    """Answer anonymous readers of public pages from the cache; see the module docstring.

    It sits before the session middleware, so a copy is served without touching the session,
    the user or the page tree; the headers stored with it (CSP with its nonce, security
    headers) are those the inner middleware gave the original.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.HUB_PAGE_CACHE_SECONDS or not may_read(request):
            return self.get_response(request)
        # Only addresses this process has answered with a public page are looked up: any other
        # answer (a form, /healthz, a 404) pays neither for building the key nor for the cache.
        address = (request.path, request.META.get("QUERY_STRING", ""))
        if address not in _page_addresses:
            response = self.get_response(request)
            if may_store(request, response):
                mark_public(response)
                # A note that the URL is worth looking up, kept only if nothing is stored
                # under it yet (another process may have stored a copy).
                cache.add(cache_key(request), (None, None), settings.HUB_PAGE_CACHE_SECONDS)
                remember(address)
            return response
        key = cache_key(request)
        stored = cache.get(key)
        current = None
        if stored is not None:
            # Only URLs known to be public pages pay for reading the generation.
            current = request_generation(request)
            if stored[0] == current:
                return thaw(stored[1])
        response = self.get_response(request)
        if may_store(request, response):
            mark_public(response)
            # A copy is only safe under a generation read before it was rendered; the first
            # time, keep a note that the URL is worth that read.
            entry = (None, None) if current is None else (current, freeze(response))
            cache.set(key, entry, settings.HUB_PAGE_CACHE_SECONDS)
        elif request.method == "GET":  # no longer a public page (a HEAD is never stored)
            with _addresses_lock:
                _page_addresses.pop(address, None)
        return response


# Path and query string of the answers this process found storable, in the order first seen.
# It only decides whether a request is worth a cache lookup, never what is served: that is
# still the stored copy under the full URL's key, checked against the content generation.
_page_addresses: dict[tuple[str, str], None] = {}
MAX_ADDRESSES = 20_000


_addresses_lock = threading.Lock()


def remember(address) -> None:
    # Under a lock: each process serves several threads, and two dropping the same oldest
    # address (or one iterating while another adds) would fail the answer.
    with _addresses_lock:
        if len(_page_addresses) >= MAX_ADDRESSES:  # a crawl of endless query strings
            _page_addresses.pop(next(iter(_page_addresses)), None)
        _page_addresses[address] = None


def may_read(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and MESSAGES_COOKIE not in cookies


def cache_key(request) -> str:
    url = request.build_absolute_uri()  # validates the Host header first
    return f"{KEY_PREFIX}:{hashlib.sha256(url.encode()).hexdigest()}"


def may_store(request, response) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if not getattr(request, "hub_public_page", False) or getattr(request, "hub_private", False):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    if response.cookies or response.has_header("Cache-Control"):
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", ""))}
    if vary - {"", "cookie"}:
        return False
    return b"csrfmiddlewaretoken" not in response.content


def mark_public(response) -> None:
    response["Cache-Control"] = f"public, max-age={settings.HUB_PAGE_MAX_AGE}"
    patch_vary_headers(response, ["Cookie"])


def freeze(response) -> tuple:
    return response.status_code, response.content, list(response.items())


def thaw(stored) -> HttpResponse:
    status, content, headers = stored
    return HttpResponse(content, status=status, headers=dict(headers))


# --- What makes stored pages stale ----------------------------------------------------------

# Everything a page may show. The hub watches pages and their privacy, collections and their
# privacy, sites, organisations and tags; each app adds what it shows on pages (documents,
# threads, replies) with ``watch`` from its AppConfig.ready.
_watched: tuple = ()


def watch(*models) -> None:
    """Make stored pages stale whenever one of these models (or a subclass) is saved or
    deleted, or its many-to-many relations change."""
    global _watched
    _watched += tuple(model for model in models if model not in _watched)


def bump_on_change(sender, **kwargs):
    """post_save and post_delete of anything a page shows, and Wagtail's page signals."""
    if isinstance(sender, type) and issubclass(sender, _watched):
        bump()


def bump_on_m2m_change(sender, instance, action, **kwargs):
    """Groups added to or taken from a view restriction, and the like."""
    if action.startswith("post_") and isinstance(instance, _watched):
        bump()


def connect():
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from taggit.models import Tag
    from wagtail.models import (
        Collection,
        CollectionViewRestriction,
        Page,
        PageViewRestriction,
        Site,
    )
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from .accounts.models import Organisation

    watch(Page, PageViewRestriction, CollectionViewRestriction, Collection, Site, Organisation, Tag)
    post_save.connect(bump_on_change, dispatch_uid="page_cache_save")
    post_delete.connect(bump_on_change, dispatch_uid="page_cache_delete")
    m2m_changed.connect(bump_on_m2m_change, dispatch_uid="page_cache_m2m")
    page_published.connect(bump_on_change, dispatch_uid="page_cache_published")
    page_unpublished.connect(bump_on_change, dispatch_uid="page_cache_unpublished")
    post_page_move.connect(bump_on_change, dispatch_uid="page_cache_moved")
