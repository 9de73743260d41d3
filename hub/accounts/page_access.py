"""Serving a page: our audience rules run before Wagtail's own view-restriction check.

Wagtail lets any signed-in account through a "login" restriction; the hub admits only approved
members, and checks an alias against its original's restrictions too. Password restrictions
are left to Wagtail's own form, which runs after this.
"""

from django.contrib.auth.views import redirect_to_login
from django.template.response import TemplateResponse

from . import access


def check(page, request):
    viewer = access.viewer_for(request.user)
    rule = access.page_rule(page, viewer)
    if not rule.is_restricted:
        return None
    access.mark_private(request)
    if viewer.may_see(rule.audience, rule.group_ids):
        return None
    if viewer.is_anonymous:
        return redirect_to_login(request.get_full_path())
    return TemplateResponse(
        request,
        "403.html",
        {"reason": "pending" if not viewer.is_approved else "audience"},
        status=403,
    )
