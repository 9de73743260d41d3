from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

SECRET_KEY = SECRET_KEY or "dev-only-not-secret-" + "x" * 40  # noqa: F405, S105
