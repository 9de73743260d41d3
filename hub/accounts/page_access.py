"""Serving a page: the hub's audience rules, in place of Wagtail's own view-restriction check.

Wagtail lets any signed-in account through a "login" restriction; the hub admits only approved
members, and checks an alias against its original's restrictions too. Password restrictions
are enforced here as well, with Wagtail's own password form, so Wagtail's check (two more
queries on every page) is switched off in ``wagtail_hooks.py``.
"""

from django.contrib.auth.views import redirect_to_login
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import PageViewRestriction

from . import access


def check(page, request):
    viewer = access.viewer_for(request.user)
    restrictions = access.page_restrictions(page, viewer)
    rule = access.combine(restrictions)
    if not rule.is_restricted:
        access.mark_public_page(request)
        return None
    access.mark_private(request)
    if not viewer.may_see(rule.audience, rule.group_ids):
        if viewer.is_anonymous:
            return redirect_to_login(request.get_full_path())
        return TemplateResponse(
            request,
            "403.html",
            {"reason": "pending" if not viewer.is_approved else "audience"},
            status=403,
        )
    pending = access.passwords_not_entered(restrictions, request)
    if pending:
        return password_required(page, request, pending[0].id)
    return None


def password_required(page, request, restriction_id):
    """Wagtail's password form for one restriction, posting to Wagtail's own view."""
    restriction = PageViewRestriction.objects.get(pk=restriction_id)
    form = PasswordViewRestrictionForm(
        instance=restriction, initial={"return_url": request.get_full_path()}
    )
    action_url = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, page.id])
    return page.serve_password_required_response(request, form, action_url)
