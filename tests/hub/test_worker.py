"""hub.worker: which task workers are alive, and what a sweep does with the work of dead ones."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from hub import worker
from resources import services
from resources.models import Resource
from tests.factories.resources import collection, make_resource

Extraction = Resource.Extraction
BASE_DIR = Path(__file__).resolve().parents[2]
EXTRACT = "resources.tasks.extract_resource_text"


@pytest.fixture
def lock_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(worker, "LOCK_DIR", tmp_path / "workers")
    return tmp_path / "workers"


def _hold_lock(lock_dir, worker_id):
    """Another process that holds `worker_id`'s lock as a running worker does."""
    holder = subprocess.Popen(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", _HOLD_LOCK, str(lock_dir), worker_id],
        cwd=BASE_DIR,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert holder.stdout.readline() == b"locked\n"
    return holder


@pytest.fixture
def live_worker(lock_dir):
    """The id of a worker whose lock another process holds until the test ends."""
    worker_id = worker.new_worker_id()
    holder = _hold_lock(lock_dir, worker_id)
    yield worker_id
    holder.stdin.close()
    holder.wait(timeout=10)


_HOLD_LOCK = textwrap.dedent(
    """
    import pathlib, sys
    from hub import worker
    worker.LOCK_DIR = pathlib.Path(sys.argv[1])
    liveness = worker.Liveness(sys.argv[2])
    print("locked", flush=True)
    sys.stdin.read()
    """
)


def _gone_in_another_process(lock_dir, worker_id):
    # Within one process POSIX locks never conflict, so ask from another one.
    script = (
        "import pathlib, sys; from hub import worker; worker.LOCK_DIR = pathlib.Path(sys.argv[1]);"
    )
    script += " print(worker.worker_is_gone(sys.argv[2]))"
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", script, str(lock_dir), worker_id],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip() == "True"


def test_a_worker_holding_its_lock_is_alive_and_gone_once_its_process_ends(lock_dir):
    worker_id = worker.new_worker_id()
    holder = _hold_lock(lock_dir, worker_id)
    assert not worker.worker_is_gone(worker_id)
    holder.kill()  # SIGKILL: no clean-up of its own
    holder.wait(timeout=10)
    assert worker.worker_is_gone(worker_id)
    assert not (lock_dir / f"{worker_id}.lock").exists()


def test_workers_of_other_hosts_and_the_asking_worker_are_never_judged_gone(lock_dir):
    assert not worker.worker_is_gone("another-host.0123456789abcdef")
    me = worker.new_worker_id()
    assert not worker.worker_is_gone(me, me=me)
    assert worker.worker_is_gone(worker.new_worker_id())  # this host, never started


@pytest.fixture
def database_queue(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _running_extraction(worker_id, *, attempts=0):
    """A document being read by `worker_id`, as the database queue leaves it."""
    resource = make_resource(collection=collection("Openshelf"), text="Choice and control.")
    Resource.objects.filter(pk=resource.pk).update(
        extraction_status=Extraction.RUNNING, extraction_attempts=attempts, extracted_text=""
    )
    services.extraction_queue(resource.pk)
    row = DBTaskResult.objects.get(task_path=EXTRACT)
    row.claim(worker_id)
    return resource, row


@pytest.mark.django_db
def test_a_sweep_fails_the_task_of_a_dead_worker_and_queues_its_document_again(
    lock_dir, database_queue
):
    resource, row = _running_extraction(worker.new_worker_id())
    worker.sweep()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "hub.worker.WorkerLost"
    resource.refresh_from_db()
    assert resource.extraction_status == Extraction.PENDING
    assert resource.extraction_attempts == 1
    (queued,) = DBTaskResult.objects.ready().filter(task_path=EXTRACT)
    assert queued.task_result.args == [resource.pk]


@pytest.mark.django_db
def test_a_sweep_leaves_the_task_of_a_live_worker_alone(lock_dir, database_queue, live_worker):
    resource, row = _running_extraction(live_worker)
    worker.sweep()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.RUNNING
    resource.refresh_from_db()
    assert resource.extraction_status == Extraction.RUNNING
    assert not DBTaskResult.objects.ready().filter(task_path=EXTRACT).exists()


@pytest.mark.django_db
def test_a_document_whose_reading_keeps_dying_is_failed_not_read_for_ever(lock_dir, database_queue):
    resource, _row = _running_extraction(worker.new_worker_id(), attempts=services.MAX_ATTEMPTS - 1)
    worker.sweep()
    resource.refresh_from_db()
    assert resource.extraction_status == Extraction.FAILED
    interrupted = f"Reading it was interrupted {services.MAX_ATTEMPTS} times."
    assert resource.extraction_reason == interrupted
    assert not DBTaskResult.objects.ready().filter(task_path=EXTRACT).exists()


def test_a_live_worker_whose_lock_file_was_cleaned_away_makes_it_again(lock_dir):
    liveness = worker.Liveness(worker.new_worker_id())
    path = lock_dir / f"{liveness.worker_id}.lock"
    path.unlink()  # as a cleaner of old temporary files would
    liveness.touch()
    assert not _gone_in_another_process(lock_dir, liveness.worker_id)
    liveness.release()
    assert not path.exists()
