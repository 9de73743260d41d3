from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from .. import ratelimits, rules


def members_only(request):
    """Anonymous visitors are sent to sign in; signed-in people who may not post get a 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not rules.can_post(request.user):
        raise PermissionDenied("Your account is waiting for approval: you can read, not post yet.")
    return None


def rate_limited(request, *, thread=False):
    """A friendly 429 with ``Retry-After`` when the user is posting too fast, else None."""
    wait = ratelimits.wait_seconds(request, thread=thread)
    if not wait:
        return None
    response = render(
        request, "discussions/rate_limited.html", {"seconds": wait, "thread": thread}, status=429
    )
    response["Retry-After"] = str(wait)
    return response


def form_error_messages(error):
    """Messages of a ValidationError, keyed by field where the service named one."""
    if hasattr(error, "error_dict"):
        return {
            field: [m for e in errs for m in e.messages] for field, errs in error.error_dict.items()
        }
    return {None: error.messages}


def add_service_errors(form, error):
    for field, messages in form_error_messages(error).items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
