import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _media_writable() -> bool:
    """Can uploads be stored? A tiny file is written and removed, as an upload would be."""
    try:
        name = default_storage.save("healthz/probe", ContentFile(b"ok"))
        default_storage.delete(name)
    except Exception:  # a full disk, a read-only folder, or a storage that cannot write at all
        logger.exception("Health check could not write to media storage")
        return False
    return True


@require_GET
@never_cache
def healthz(request):
    """For load balancers: is this process up and can it reach its database?

    The status is 503 only when the database is unreachable, since nothing works then. Media
    that cannot be written stops uploads, not reading, so it is reported ("degraded") with 200:
    taking every web process out of service would not make the disk writable again.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check could not reach the database")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    if not _media_writable():
        return JsonResponse({"status": "degraded", "database": "ok", "media": "not writable"})
    return JsonResponse({"status": "ok", "database": "ok", "media": "ok"})


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    """The refusal says why when the code that refused wrote a reason ("Only approved members can
    follow guidance."); a bare ``PermissionDenied`` gets the general wording."""
    message = str(exception) if exception is not None and exception.args else ""
    return render(request, "403.html", {"message": message}, status=403)


def _same_origin(request) -> bool:
    """Whether the refused form was sent from one of the hub's own pages (never a third party's:
    what another site posts is not shown back as if the reader had typed it)."""
    origin = request.headers.get("Origin")
    if origin is not None:
        scheme = "https" if request.is_secure() else "http"
        return origin == f"{scheme}://{request.get_host()}"
    return bool(_own_referer(request))


def _own_referer(request) -> str:
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


def _has_password(request) -> bool:
    return any("password" in name.lower() for name in request.POST)


def _kept_fields(request):
    """What the refused form carried, to send again, less its now useless token."""
    kept = []
    for name, values in request.POST.lists():
        if name == "csrfmiddlewaretoken":
            continue
        # Values with spaces or line breaks are what a person wrote, shown to check and copy;
        # single words (an action, an address to return to) travel on hidden.
        written = any(any(c.isspace() for c in value.strip()) for value in values)
        kept.append(
            {
                "name": name,
                "label": name.replace("_", " ").capitalize(),
                "values": values,
                "written": written,
            }
        )
    return kept


def csrf_failure(request, reason=""):
    """A form refused because its security token was missing or stale (``CSRF_FAILURE_VIEW``).

    A form sent from the hub's own pages is offered back to send again; a password never is
    (it would be written into the page), so such a form is started again instead.
    """
    has_password = request.method == "POST" and _has_password(request)
    keep = request.method == "POST" and not has_password and _same_origin(request)
    fields = _kept_fields(request) if keep else []
    context = {
        "no_cookie": reason == REASON_NO_CSRF_COOKIE,
        "has_password": has_password,
        "fields": fields,
        "written": any(field["written"] for field in fields),
        "file_fields": list(request.FILES) if keep else [],
        "back": _own_referer(request),
    }
    response = render(request, "403_csrf.html", context, status=403)
    # What was typed may be private; it is for this reader's browser only.
    response["Cache-Control"] = "private, no-store"
    return response


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without context processors (they read the session and the database, either of
    # which may be what broke); the request is passed only for its CSP nonce.
    html = loader.get_template("500.html").render({"request": request})
    return HttpResponseServerError(html)
