from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from home import account_urls
from home import urls as home_urls
from hub import views
from hub.accounts import urls as accounts_urls
from hub.accounts import views as accounts_views
from search import urls as search_urls

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Before the admin's own: the same reset view, rate limited like the site's.
    path(
        "admin/password_reset/",
        accounts_views.AdminPasswordResetView.as_view(),
        name="wagtailadmin_password_reset",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("accounts/", include(accounts_urls)),
    path("account/", include(account_urls)),
    path("", include(home_urls)),
    path("resources/", include("resources.urls")),
    path("discussions/", include("discussions.urls")),
    path("returns/", include("hub.returns.urls")),
    path("", include(search_urls)),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

# Wagtail's page serving catches everything else, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]

handler400 = "hub.views.bad_request"
handler403 = "hub.views.permission_denied"
handler404 = "hub.views.page_not_found"
handler500 = "hub.views.server_error"
