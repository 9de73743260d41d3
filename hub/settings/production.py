from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("Set SECRET_KEY in the environment.")

if EMAIL_BACKEND.endswith(".console.EmailBackend") and not EMAIL_ALLOW_CONSOLE:  # noqa: F405
    raise ImproperlyConfigured(
        "Email would be printed to the server log, password-reset links included. Set EMAIL_URL"
        " (e.g. smtp://user:password@mail.example:587) or, on a machine only you use,"
        " EMAIL_ALLOW_CONSOLE=1."
    )
