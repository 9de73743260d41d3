"""Follow and stop following one guidance page, and the one-click unsubscribe from its emails."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from hub.accounts import access
from hub.accounts.decorators import members_only

from . import guidance_follows
from .models import GuidancePage


@require_POST
@members_only
def follow(request, page_id):
    """Follow or (``action=unfollow``) stop following from the guidance page itself."""
    page = get_object_or_404(GuidancePage, pk=page_id)
    if not access.can_view_page(request.user, page, request=request):
        raise Http404  # the same answer as a page that does not exist
    if request.POST.get("action") == "unfollow":
        guidance_follows.unfollow(user=request.user, page_id=page.pk)
        messages.success(request, "You no longer follow this guidance.")
    else:
        guidance_follows.follow(user=request.user, page=page)
        messages.success(
            request, "You will get an email when this guidance changes or is replaced."
        )
    return redirect(page.url)


@require_POST
@members_only
def unfollow(request, page_id):
    """Stop following from the account page: works for a page the person can no longer read."""
    guidance_follows.unfollow(user=request.user, page_id=page_id)
    messages.success(request, "You no longer follow that guidance.")
    return redirect("account:home")


# Mail clients post here without a CSRF token (RFC 8058 one-click); the signed token is the
# proof, and a GET only shows the confirmation button.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    payload = guidance_follows.read_unsubscribe_token(token)
    if payload is None:
        return render(request, "home/guidance_unsubscribe.html", {"invalid": True}, status=400)
    done = False
    if request.method == "POST":
        guidance_follows.unfollow(user=payload["u"], page_id=payload["p"])
        done = True
    return render(request, "home/guidance_unsubscribe.html", {"done": done})
