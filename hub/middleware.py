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
        elif getattr(request, "user", None) is not None and request.user.is_authenticated:
            response.headers.setdefault("Cache-Control", "private")
        return response
