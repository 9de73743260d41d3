"""The site's URLs plus a bare view, for the floor bench only (``bench.settings``)."""

from django.http import HttpResponse
from django.urls import path

from hub.urls import *  # noqa: F403 (handlers too)
from hub.urls import urlpatterns as site_urlpatterns


def ok(request):
    """No database, no template: what any answer costs before a view does anything."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ok/", ok), *site_urlpatterns]
