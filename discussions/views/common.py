from django.shortcuts import render

from hub.accounts.decorators import members_only, signed_in_and

from .. import ratelimits, rules

_moderators = signed_in_and(
    rules.is_moderator, message="Only the programme team can moderate discussions."
)


def moderators_only(view):
    """Members only (a pending account hears why), and of them only those who moderate."""
    return members_only(_moderators(view))


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
