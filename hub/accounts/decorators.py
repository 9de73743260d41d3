"""View decorators for what only some signed-in people may do.

Django's ``user_passes_test`` sends everyone who fails to the sign-in page, and
``permission_required(raise_exception=True)`` refuses anonymous visitors too; here a visitor
who is not signed in is asked to sign in, and a signed-in person who may not is refused.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from . import access


def signed_in_and(test, *, message=""):
    """Anonymous visitors are sent to sign in; signed-in people failing ``test(user)`` get a 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not test(request.user):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _is_approved(user) -> bool:
    return access.viewer_for(user).is_approved


# Pending and rejected accounts may sign in and read what is public, but not take part.
members_only = signed_in_and(
    _is_approved, message="Your account is waiting for approval: you can read, not post yet."
)


def members_page(view):
    """A page only approved members may read: anonymous visitors are asked to sign in, pending,
    rejected and inactive accounts get a 403 saying why. The answer is never cached for others.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        access.mark_private(request)
        if not _is_approved(request.user):
            pending = request.user.status == request.user.Status.PENDING
            reason = "pending" if pending else "members"
            return render(request, "403.html", {"reason": reason}, status=403)
        return view(request, *args, **kwargs)

    return wrapper
