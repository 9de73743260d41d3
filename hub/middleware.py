from http import HTTPStatus

from csp import middleware as csp_middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.utils import build_policy
from django.conf import settings
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.core.signals import setting_changed
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject, empty


class PermissionsPolicyMiddleware:
    """Switch off browser features the hub never uses, so injected content cannot use them."""

    POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.POLICY)
        return response


class PrivateCacheMiddleware:
    """Restricted answers must never be kept by a shared cache or the browser's disk cache.

    Views that show something restricted call ``access.mark_private(request)``; any answer to a
    signed-in user is at least ``private``, so a shared cache never serves it to someone else.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "hub_private", False):
            response.headers["Cache-Control"] = "private, no-store"
        elif signed_in(request, response):
            response.headers.setdefault("Cache-Control", "private")
        return response


def signed_in(request, response) -> bool:
    """Whether the answer went to a signed-in user, without loading a user nothing asked for.

    A user still unloaded (``AuthenticationMiddleware``'s lazy object) can only be signed in
    through the session the request came with: signing in during the request replaces
    ``request.user``. Without a session key there is none, so the user is anonymous; the answer
    says ``Vary: Cookie`` as it would have once loading the user had read the session.
    """
    user = getattr(request, "user", None)
    if user is None:
        return False
    if type(user) is SimpleLazyObject and user._wrapped is empty:
        session = getattr(request, "session", None)
        if session is not None and session.session_key is None:
            if "Vary" in response:
                patch_vary_headers(response, ("Cookie",))
            else:
                response.headers["Vary"] = "Cookie"
            return False
    return user.is_authenticated


class LazyMessageMiddleware(MessageMiddleware):
    """Django's message middleware, but the storage is made only when something adds or reads
    a message: an answer that does neither costs no storage, cookie signer or session read.
    An untouched storage has nothing to store, so skipping its ``update`` changes nothing."""

    def process_request(self, request):
        request._messages = SimpleLazyObject(lambda: default_storage(request))

    def process_response(self, request, response):
        messages = getattr(request, "_messages", None)
        if type(messages) is SimpleLazyObject and messages._wrapped is empty:
            return response
        return super().process_response(request, response)


# --- Content-Security-Policy, built once per process ---------------------------------------

_NONCE_MARK = "hub-csp-nonce-mark"
_built_policies: dict[tuple[bool, bool], str] = {}


def _forget_policies(*, setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _built_policies.clear()


setting_changed.connect(_forget_policies, dispatch_uid="hub_csp_policies")


def _policy(parts, *, report_only: bool) -> str:
    """django-csp's ``build_policy``, but the settings' policy is built once: only the nonce
    differs from one answer to the next, so it goes into a copy built with a mark in its place.
    A policy a view changed for itself is built for it, as django-csp does."""
    if parts.config is not None or parts.update is not None or parts.replace is not None:
        return build_policy(
            parts.config, parts.update, parts.replace, parts.nonce, report_only=report_only
        )
    nonce = parts.nonce or None  # django-csp leaves out an empty nonce
    key = (report_only, nonce is not None)
    built = _built_policies.get(key)
    if built is None:
        built = build_policy(nonce=nonce and _NONCE_MARK, report_only=report_only)
        _built_policies[key] = built
    return built.replace(_NONCE_MARK, nonce) if nonce else built


class CSPMiddleware(csp_middleware.CSPMiddleware):
    """django-csp's middleware (same headers, same rules) without rebuilding the policy from
    the settings twice on every answer, which cost more than the rest of its work."""

    def process_response(self, request, response):
        debug_codes = (HTTPStatus.INTERNAL_SERVER_ERROR, HTTPStatus.NOT_FOUND)
        if response.status_code in debug_codes and settings.DEBUG:
            return response
        for header, report_only, setting, exempt in (
            (HEADER, False, "CONTENT_SECURITY_POLICY", "_csp_exempt"),
            (HEADER_REPORT_ONLY, True, "CONTENT_SECURITY_POLICY_REPORT_ONLY", "_csp_exempt_ro"),
        ):
            parts = self.get_policy_parts(request, response, report_only=report_only)
            policy = _policy(parts, report_only=report_only)
            if not policy or header in response or getattr(response, exempt, False) is not False:
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header was written is an error.
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = csp_middleware.CheckableLazyObject(self._csp_nonce_post_response)
        return response
