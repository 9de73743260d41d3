"""`bin/supervise`, as `make run` starts it: a task worker killed mid-extraction is started again,
its work is finished with nobody else acting, and the web process stays up throughout."""

import http.client
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from resources import services
from resources.models import Resource
from tests.factories.resources import collection, make_resource

pytestmark = pytest.mark.slow

BASE_DIR = Path(__file__).resolve().parents[2]
SENTENCE = "Residents keep choice and control over their care home fees."
READ_DELAY = 0.25  # seconds per 64 kB read by the worker: about 4 s for the file below


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(what, predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"Timed out after {timeout} s waiting for {what}")


def _children(pid):
    """{child pid: command line} of the process `pid`, from /proc."""
    found = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            command = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat[stat.rindex(")") + 2 :].split()[1]) == pid:
            found[int(entry)] = command
    return found


def _alive(pid):
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def _healthy(port):
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    except OSError:
        return False


# serialized_rollback: a plain transactional test's flush re-creates content types under new ids,
# and a later serialized-rollback test (there are several) then fails to load its copy.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_worker_is_restarted_and_its_document_finished(settings, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("runs the supervisor on a copy of the SQLite test database")
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    resource = make_resource(collection=collection("Openshelf"), text=SENTENCE * 16_000)
    Resource.objects.filter(pk=resource.pk).update(
        extraction_status=Resource.Extraction.PENDING, extracted_text=""
    )
    services.extraction_queue(resource.pk)  # a task row in the database queue
    database = tmp_path / "hub.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(database) as copy:
        connection.connection.backup(copy)

    def query(sql, *parameters):
        with sqlite3.connect(database, timeout=20) as reader:
            return reader.execute(sql, parameters).fetchall()

    def status():
        sql = "SELECT extraction_status FROM resources_resource WHERE id = ?"
        return query(sql, resource.pk)[0][0]

    def extraction_tasks():
        return query(
            "SELECT status, exception_class_path FROM django_tasks_database_dbtaskresult"
            " WHERE task_path = 'resources.tasks.extract_resource_text' ORDER BY enqueued_at"
        )

    port = _free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.hub.supervised_settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "WORKER_SWEEP_SECONDS": "1",
        "HUB_TEST_READ_DELAY": str(READ_DELAY),
    }
    log = tmp_path / "supervise.log"
    with open(log, "w") as output:
        supervisor = subprocess.Popen(  # noqa: S603 - our own script
            [sys.executable, "bin/supervise"],
            cwd=BASE_DIR,
            env=environment,
            stdout=output,
            stderr=output,
            start_new_session=True,
        )
    started = set()
    try:
        _wait("the worker to start reading", lambda: status() == "running", 60)
        processes = _children(supervisor.pid)
        started |= set(processes)
        (worker,) = [pid for pid, command in processes.items() if "run_worker" in command]
        (web,) = [pid for pid, command in processes.items() if "bin/web" in command]
        os.kill(worker, signal.SIGKILL)

        _wait("the web process to answer", lambda: _healthy(port), 30)
        _wait("the document to be read", lambda: status() == "done", 60)
        lost_then_done = [("FAILED", "hub.worker.WorkerLost"), ("SUCCESSFUL", "")]
        # The document is marked done a moment before its task is.
        _wait("its task to finish", lambda: extraction_tasks() == lost_then_done, 20)

        processes = _children(supervisor.pid)
        started |= set(processes)
        assert web in processes, "the web process was restarted or stopped"
        assert worker not in processes
        assert any("run_worker" in command for command in processes.values())
        assert _healthy(port)
        text, attempts = query(
            "SELECT extracted_text, extraction_attempts FROM resources_resource WHERE id = ?",
            resource.pk,
        )[0]
        assert SENTENCE in text
        assert attempts == 2  # the interrupted read, then the one that finished

        supervisor.send_signal(signal.SIGTERM)  # as Ctrl-C or a service manager would
        assert supervisor.wait(timeout=20) == 0
        assert not [pid for pid in started if _alive(pid)], "a child outlived the supervisor"
    except AssertionError as error:
        tail = log.read_text()[-4000:]
        raise AssertionError(f"{error}\n--- bin/supervise said ---\n{tail}") from error
    finally:
        if supervisor.poll() is None:
            os.killpg(supervisor.pid, signal.SIGKILL)
            supervisor.wait()
        for pid in started:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_processes_that_cannot_start_stop_the_supervisor_with_an_error(tmp_path):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.hub.no_such_settings",
        "PORT": str(_free_port()),
    }
    started = time.monotonic()
    done = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, "bin/supervise"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert done.returncode == 1
    assert "failed at start 5 times: stopping" in done.stderr
    # Started again after 1, 2, 4 and 8 s: it waited, rather than spinning.
    assert time.monotonic() - started >= 15
