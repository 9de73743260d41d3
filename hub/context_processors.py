from django.conf import settings


def site_chrome(request):
    """Values every page's layout needs: the service name and the primary navigation."""
    from hub.navigation import primary_navigation

    return {
        "service_name": settings.WAGTAIL_SITE_NAME,
        "primary_navigation": primary_navigation(request),
    }
