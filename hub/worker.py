"""The task worker's upkeep: knowing which workers are alive, and rescuing what a dead one left.

A worker started by ``manage.py run_worker`` holds a lock on a file named by its id for as long
as its process lives. The lock is a POSIX record lock, which the kernel drops when the process
dies however it dies (SIGKILL too) and which forked children do not inherit, so an orphaned
child cannot keep a dead worker looking alive. Worker ids begin with the host's name.

A sweep (`sweep`, run by every worker when it starts and then periodically) looks at the task
rows still "running": one claimed by a worker on this host that no longer holds its lock is
marked failed with `WorkerLost`, and django-tasks' ``task_finished`` signal is sent for it, so
the app that owns the task can queue its work again. Rows claimed on other hosts are left to
those hosts. Then every sweep an app registered (``register_sweep`` from its ``ready()``) runs.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import socket
import tempfile
from pathlib import Path

from django.core.exceptions import SuspiciousOperation
from django.db import connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished

logger = logging.getLogger(__name__)

_sweeps = []
# Per user, so two accounts on one machine never share (or block) the folder.
LOCK_DIR = Path(tempfile.gettempdir()) / f"hub-task-workers-{os.getuid()}"
_HOST = socket.gethostname().split(".")[0][:30] or "host"


class WorkerLost(Exception):  # noqa: N818 - the name is what the task row records
    """The worker running a task stopped before the task finished."""


def register_sweep(function):
    """Run ``function()`` in every sweep (idempotent: registering twice runs it once)."""
    if function not in _sweeps:
        _sweeps.append(function)


def new_worker_id() -> str:
    return f"{_HOST}.{get_random_string(24)}"


class Liveness:
    """Held by a running worker: its lock file, locked until the process ends."""

    def __init__(self, worker_id):
        self.worker_id = worker_id
        self._file = None
        self._lock()

    def _lock(self):
        LOCK_DIR.mkdir(mode=0o700, exist_ok=True)
        if self._file is not None:
            self._file.close()
        self._file = open(_lock_path(self.worker_id), "a")  # noqa: SIM115 - held for life
        fcntl.lockf(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def touch(self):
        """Keep the file fresh, so a cleaner of old temporary files leaves it; make it again
        if one removed it anyway."""
        try:
            os.utime(_lock_path(self.worker_id))
        except FileNotFoundError:
            self._lock()

    def release(self):
        _lock_path(self.worker_id).unlink(missing_ok=True)
        self._file.close()


def _lock_path(worker_id) -> Path:
    return LOCK_DIR / f"{worker_id}.lock"


def worker_is_gone(worker_id, *, me=None) -> bool:
    """True only for a worker of this host that holds no lock: one on another host, or this
    process itself, is never judged gone."""
    if worker_id == me or not worker_id.startswith(f"{_HOST}."):
        return False
    path = _lock_path(worker_id)
    try:
        handle = open(path)  # noqa: SIM115 - closed below
    except FileNotFoundError:
        return True  # never ran here, or the machine restarted since (temp folder emptied)
    with handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno in (errno.EACCES, errno.EAGAIN):
                return False  # its worker still holds it
            raise
        path.unlink(missing_ok=True)
        return True


def release_lost_tasks(*, me=None) -> int:
    """Mark failed every running task whose worker on this host is gone; returns how many."""
    from django_tasks_db.models import DBTaskResult

    lost = 0
    for row in DBTaskResult.objects.running():
        worker_id = row.worker_ids[-1] if row.worker_ids else None
        if worker_id is None or not worker_is_gone(worker_id, me=me):
            continue
        claimed = DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            return_value=None,
            exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            traceback=f"The worker {worker_id} stopped before this task finished.\n",
        )
        if not claimed:
            continue  # another worker's sweep got there first
        lost += 1
        logger.warning("Task %s (%s) was lost with worker %s", row.pk, row.task_path, worker_id)
        row.refresh_from_db()
        try:
            result = row.task_result
        except (ImportError, SuspiciousOperation):
            continue  # its task no longer exists: nobody to tell
        task_finished.send(sender=type(result.task.get_backend()), task_result=result)
    return lost


def forget_dead_workers(*, me=None):
    """Remove the lock files of workers gone without leaving a task behind."""
    for path in LOCK_DIR.glob("*.lock"):
        worker_is_gone(path.stem, me=me)


def sweep(*, me=None):
    """One round of upkeep; a failing step is logged and the next one still runs."""
    steps = [lambda: release_lost_tasks(me=me), lambda: forget_dead_workers(me=me), *_sweeps]
    try:
        for step in steps:
            try:
                step()
            except Exception:
                logger.exception("A task worker sweep step failed: %r", step)
    finally:
        # This thread's connections: a broken or too old one is closed, as after a request. One
        # inside a transaction is its caller's (a test's), never this sweep's to close.
        for connection in connections.all(initialized_only=True):
            if not connection.in_atomic_block:
                connection.close_if_unusable_or_obsolete()
