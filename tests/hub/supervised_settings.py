"""Settings for tests that run `bin/supervise` (tests/hub/test_supervise.py): the test settings
with the database task queue, and a storage that reads files slowly, so that a test can kill
the task worker while it is reading a document."""

from hub.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
STORAGES = {
    **STORAGES,  # noqa: F405
    "default": {"BACKEND": "tests.hub.slow_storage.SlowReadStorage"},
}
