from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from . import admin_urls, page_access
from .admin_views import APPROVE_PERMISSION
from .viewsets import OrganisationViewSet

register_snippet(OrganisationViewSet)


@hooks.register("before_serve_page", order=-100)
def enforce_page_audience(page, request, serve_args, serve_kwargs):
    return page_access.check(page, request)


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
