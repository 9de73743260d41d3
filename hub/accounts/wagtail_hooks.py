from django.urls import include, path, reverse
from wagtail import hooks
from wagtail import wagtail_hooks as core_hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from . import admin_urls, page_access
from .admin_views import APPROVE_PERMISSION
from .viewsets import OrganisationViewSet

register_snippet(OrganisationViewSet)


@hooks.register("before_serve_page", order=-100)
def enforce_page_audience(page, request, serve_args, serve_kwargs):
    return page_access.check(page, request)


# The hook above enforces every restriction Wagtail's own check does (login, groups and
# passwords), more strictly; Wagtail's would only repeat its queries. Importing Wagtail's hooks
# module first registers its check, so it is there to take out (the import is not repeated).
hooks._hooks["on_serve_page"] = [
    (fn, order)
    for fn, order in hooks._hooks.get("on_serve_page", [])
    if fn is not core_hooks.check_view_restrictions
]


@hooks.register("register_admin_urls")
def register_queue_urls():
    return [path("membership/", include(admin_urls, namespace="accounts_admin"))]


class QueueMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(APPROVE_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_queue_menu_item():
    return QueueMenuItem(
        "Sign-up requests", reverse("accounts_admin:queue"), icon_name="user", order=250
    )
