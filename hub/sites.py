"""The Wagtail site answering a request, kept across requests under the content generation.

Wagtail finds it with one query per request (``Site._find_for_request``: the sites matching the
Host header, best first, with their root page), and routing then loads the root page's own
type (``root_page.specific``), a second. Sites and pages are among what the page cache watches
(``page_cache.connect``): any change to them raises the content generation, so a site found
under the current generation, root page and all, is the one those queries would find. A copy
comes out of the cache unpickled, so no two requests share an instance. Nothing here decides
who may see what: the root page's restrictions are checked per request as any page's are.

The generation is read at most once per request (``page_cache.request_generation``). Requests
with a session cookie, unless the generation was read already, find the site as Wagtail does:
right after a change the read would be one query more than they had (the query budget).

Kept the same way (``kept``), for requests that keep: the menu and each parent's breadcrumbs
(``hub/navigation.py``, filtered per viewer afterwards) and the site's sections
(``HomePage.route``).
"""

from django.conf import settings
from django.core.cache import cache
from django.http.request import split_domain_port
from wagtail.models import Site, sites

from . import page_cache

SECONDS = 10 * 60
_find_uncached = Site._find_for_request


def keeps(request) -> bool:
    """Whether this request uses what is kept across requests under the content generation
    (see the module docstring): no session cookie, or the generation read already."""
    if getattr(request, "_hub_generation", None) is not None:
        return True
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def key_for(request, name: str) -> str:
    """A cache key for something kept per host under the current content generation."""
    # As Wagtail's: the raw Host header (ALLOWED_HOSTS was checked by CommonMiddleware).
    hostname = split_domain_port(request._get_raw_host())[0]
    generation = page_cache.request_generation(request)
    return f"hub:{name}:v1:{generation}:{hostname}:{request.get_port()}"


def kept(request, name: str, build, seconds: int = SECONDS):
    """What ``build()`` returns, kept per host under the current content generation (the
    caller checks ``keeps(request)`` first). Only for what is the same for every viewer."""
    key = key_for(request, name)
    found = cache.get(key)
    if found is None:
        found = (build(),)
        cache.set(key, found, seconds)
    return found[0]


def find_for_request(request):
    if not keeps(request):
        return _find_uncached(request)

    def find():
        hostname = split_domain_port(request._get_raw_host())[0]
        try:
            site = sites.get_site_for_hostname(hostname, request.get_port())
        except Site.DoesNotExist:
            return None
        site.root_page.localized.specific  # noqa: B018 (loaded now, kept with the site)
        return site

    return kept(request, "site", find)


def connect() -> None:
    Site._find_for_request = staticmethod(find_for_request)
