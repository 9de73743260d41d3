import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _media_writable() -> bool:
    """Can uploads be stored? A tiny file is written and removed, as an upload would be."""
    try:
        name = default_storage.save("healthz/probe", ContentFile(b"ok"))
        default_storage.delete(name)
    except OSError:
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
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without context processors (they read the session and the database, either of
    # which may be what broke); the request is passed only for its CSP nonce.
    html = loader.get_template("500.html").render({"request": request})
    return HttpResponseServerError(html)
