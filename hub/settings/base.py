"""Settings shared by every environment, safe for production.

The environment is read here and nowhere else (django-environ). Defaults suit one machine:
SQLite, local files, local-memory cache, the database task queue.
"""

from pathlib import Path

import environ
from csp.constants import NONCE

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Required in production (hub.settings.production refuses to start without it).
SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "hub",
    "hub.accounts",
    "home",
    "resources",
    "discussions",
    "search",
    "hub.returns",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "hub.accounts.apps.HubUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "rest_framework",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",  # Django's widget templates, for the front-end forms' renderer (hub/forms.py)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session: a stored public page is answered without touching session or user.
    "hub.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Django's, with the message storage made only when a message is added or read.
    "hub.middleware.LazyMessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hub.middleware.CSPMiddleware",
    "hub.middleware.PermissionsPolicyMiddleware",
    "hub.middleware.PrivateCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so a locked-out login attempt is answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hub.urls"
WSGI_APPLICATION = "hub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "hub.context_processors.site_chrome",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue instead of failing with "database is locked": IMMEDIATE takes the write lock
    # at BEGIN, so a transaction never has to upgrade a read lock mid-way and deadlock.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # A 32 MB page cache per connection (the default is 2 MB): search on a common word reads
        # a few MB of full-text and facet pages, which otherwise come back from the OS each time.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            " PRAGMA cache_size=-32000;"
        ),
    }
# Connections are kept between requests (each thread has its own). On SQLite a new connection
# costs 3-4 ms before its first answer, parsing the whole schema, where a query on an open one
# costs 0.1 ms, so the init_command's PRAGMAs also run once per connection, not per request. A
# connection with errors is checked (PostgreSQL: a ping) before the next request uses it.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=600))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions ---------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="hub"),
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # Rate limits must count across every web process and survive a restart, which a
        # per-process memory cache cannot do: they use a table in the database (made by
        # `migrate`, see hub/apps.py). A file cache would do neither atomically.
        "counters": {
            "BACKEND": "hub.counters.CounterCache",
            "LOCATION": "hub_counters",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
    }
    # Not cached_db: each web process has its own local-memory cache, so a session ended in
    # one (sign-out) would stay valid in the others' copies.
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# django_ratelimit's counters (search, discussions, password reset).
RATELIMIT_USE_CACHE = "counters" if "counters" in CACHES else "default"

# Whole public pages kept for anonymous readers (hub/page_cache.py): seconds in the cache
# (any change to content or privacy makes them stale at once) and the max-age browsers and
# shared caches are told, which cannot be recalled, so it stays short. 0 switches it off.
HUB_PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
HUB_PAGE_MAX_AGE = env.int("PAGE_MAX_AGE", default=60)

# How long the counts of what each council read and downloaded (hub/activity.py) are kept: two
# years covers the programme and its evaluation. Older days are deleted by the worker's sweep.
ACTIVITY_RETENTION_DAYS = env.int("ACTIVITY_RETENTION_DAYS", default=730)

# --- People ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "hub.accounts.backends.EmailOrUsernameBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Login throttling: after AXES_FAILURE_LIMIT wrong tries from one address within the cool-off,
# further tries get 429 until it passes. Username is not part of the key, so probing many
# accounts from one address is slowed too.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=6)
AXES_COOLOFF_TIME = 1 / 60  # hours: one minute
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "hub.accounts.views.lockout"
AXES_VERBOSE = False
# Failed sign-ins are rows in the database, so every process sees them and they outlive a restart.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_CLIENT_IP_CALLABLE = "hub.network.client_ip"

# --- Proxies --------------------------------------------------------------------------------
# How many proxies (load balancers) stand between clients and this server. With 0 the peer
# address is the client and X-Forwarded-For is ignored; with N the client is the Nth entry of
# X-Forwarded-For from the right (hub/network.py). Lockouts and rate limits key on it.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
RATELIMIT_IP_META_KEY = "hub.network.client_ip"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # Files given in the sites' returns: outside MEDIA_ROOT, never at a URL of their own; they
    # are served only through the returns views, to the site and the evaluators.
    "returns": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": env.path("RETURNS_ROOT", default=BASE_DIR / "private" / "returns"),
            "base_url": "/no-public-url/",
        },
    },
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2_000

# --- Email ----------------------------------------------------------------------------------
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    # Production refuses the console unless EMAIL_ALLOW_CONSOLE is set (hub.settings.production):
    # it would print password-reset links, live tokens and all, into the server log.
    EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
    EMAIL_HOST = env("EMAIL_HOST", default="localhost")
    EMAIL_PORT = env.int("EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Trailblazer Knowledge Hub <hub@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 10
EMAIL_ALLOW_CONSOLE = env.bool("EMAIL_ALLOW_CONSOLE", default=False)

# --- Background tasks -----------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Trailblazer Knowledge Hub"
# Every address the hub writes (emails, the API's html_url, the default Wagtail site, kept in step
# by `migrate`: hub/after_migrate.py) starts here. Unset, it follows the port `bin/serve` uses.
PORT = env.int("PORT", default=8000)
WAGTAILADMIN_BASE_URL = env("BASE_URL", default=f"http://127.0.0.1:{PORT}")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "docx",
    "xlsx",
    "pptx",
    "odt",
    "ods",
    "odp",
    "rtf",
    "txt",
    "csv",
    "html",
    "htm",
    "doc",
    "xls",
    "ppt",
]
WAGTAILAPI_LIMIT_MAX = 50
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_PASSWORD_RESET_ENABLED = True
TAGGIT_CASE_INSENSITIVE = True

# --- Search ---------------------------------------------------------------------------------
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")

# --- Security -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "hub.views.csrf_failure"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
    # The Wagtail admin uses inline styles and scripts of its own; it is only for editors.
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
}

HUB_DEMO_PASSWORD = env("HUB_DEMO_PASSWORD", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "password_required.html"  # noqa: S105
WAGTAILDOCS_PASSWORD_REQUIRED_TEMPLATE = "password_required.html"  # noqa: S105
WAGTAILDOCS_DOCUMENT_MODEL = "resources.Resource"

# --- Document library -----------------------------------------------------------------------
RESOURCES_MAX_UPLOAD_BYTES = env.int("RESOURCES_MAX_UPLOAD_BYTES", default=25 * 1024 * 1024)

# --- Search engine (search/) ----------------------------------------------------------------
SEARCH_ELASTICSEARCH_ALIAS = env("SEARCH_ELASTICSEARCH_ALIAS", default="hub-search")
# Seconds: past this, search answers from the database and says so.
SEARCH_ELASTICSEARCH_TIMEOUT = env.float("SEARCH_ELASTICSEARCH_TIMEOUT", default=2.0)
SEARCH_ELASTICSEARCH_COOLDOWN = env.float("SEARCH_ELASTICSEARCH_COOLDOWN", default=30.0)
# Count facets over an in-process snapshot of every entry's audience and facet values
# (search.engines.snapshot) rather than in SQL. Inside a transaction the SQL count is used.
SEARCH_SNAPSHOT = env.bool("SEARCH_SNAPSHOT", default=True)
# Load a new snapshot in a thread of its own after a change, counting in SQL meanwhile, rather
# than in the answer that found it stale (3.9 s at 1,000,000 entries).
SEARCH_SNAPSHOT_BACKGROUND = env.bool("SEARCH_SNAPSHOT_BACKGROUND", default=True)
