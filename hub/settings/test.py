from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
SECRET_KEY = SECRET_KEY or "test-only-not-secret-" + "y" * 40  # noqa: F405, S105
# Every test runs in a transaction, where search counts facets in SQL; True makes it load a
# snapshot for that one answer instead (the search tests turn it on, tests/search/conftest.py).
SEARCH_SNAPSHOT_IN_TRANSACTIONS = False
# Snapshots load in the answer that needs them, so a test knows when one is in
# (tests/search/test_snapshot.py tests the background load itself).
SEARCH_SNAPSHOT_BACKGROUND = False

# Parallel test workers, and runs side by side, share one Redis: give each worker of each run its
# own key prefix, so clearing the cache between tests (see tests/conftest.py) touches only its
# own keys.
if "django_redis" in CACHES["default"]["BACKEND"]:  # noqa: F405
    import os

    _run = os.environ.get("PYTEST_XDIST_TESTRUNUID", str(os.getpid()))[:12]
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    CACHES["default"]["KEY_PREFIX"] = f"test-{_run}-{_worker}"  # noqa: F405

# Tests search many times a second from one client; the tests of the limits themselves
# (tests/search/test_limits.py) put the real rates back.
SEARCH_RATES = {"search": ("1000/s", "1000/m"), "suggest": ("1000/m",)}
