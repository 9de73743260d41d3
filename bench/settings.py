"""Settings for the floor bench only (``bench.floor``): production settings, plus a bare view at
``/bench/ok/`` (``bench.urls``), and ``BENCH_MIDDLEWARE=django`` to serve it through Django's
own default middleware instead of the hub's. Never used by the site itself.
"""

from hub.settings.production import *  # noqa: F403
from hub.settings.production import env

ROOT_URLCONF = "bench.urls"

# What ``django-admin startproject`` writes: the reference every Django site starts from.
DJANGO_DEFAULT_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
if env("BENCH_MIDDLEWARE", default="hub") == "django":
    MIDDLEWARE = DJANGO_DEFAULT_MIDDLEWARE

# Search answers anonymous visitors 429 past 2 a second from one address (search/views.py); a
# bench sends hundreds from one. The same two counters are kept and written, at limits no
# bench reaches, so a search costs what it does in production without being refused.
SEARCH_RATES = {"search": ("100000/s", "1000000/m"), "suggest": ("1000000/m",)}
