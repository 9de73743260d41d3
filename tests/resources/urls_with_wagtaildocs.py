"""The hub's URLs plus Wagtail's own document serving, to prove the hook guards it too."""

from django.urls import include, path
from wagtail.documents import urls as wagtaildocs_urls

from hub.urls import urlpatterns as hub_urlpatterns

urlpatterns = [path("documents/", include(wagtaildocs_urls)), *hub_urlpatterns]
