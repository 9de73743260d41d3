from django.conf import settings
from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

ADMIN_LINK_SECONDS = 10 * 60


def _shows_admin_link(request) -> bool:
    """Whether the header links to the Wagtail admin.

    Django's permission check costs two queries on every signed-in page; the answer is cached
    per person and access version, so joining or leaving a group shows or hides it at once. A
    stale answer (a group's permissions changed) only shows or hides a link: the admin checks.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    key = f"hub:admin-link:{user.pk}:{user.access_version}"
    shown = cache.get(key)
    if shown is None:
        shown = user.has_perm("wagtailadmin.access_admin")
        cache.set(key, shown, ADMIN_LINK_SECONDS)
    return shown


def site_chrome(request):
    """Values every page's layout needs: the service name, navigation and the admin link."""
    from hub.navigation import primary_navigation

    return {
        "service_name": settings.WAGTAIL_SITE_NAME,
        "primary_navigation": primary_navigation(request),
        "show_admin_link": SimpleLazyObject(lambda: _shows_admin_link(request)),
    }
