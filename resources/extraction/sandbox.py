"""Run the reader in a child process with limits, and turn whatever happens into a result.

One fork server per worker process (``child.py --serve``) forks a fresh, limited reader for
each file. How the reader ended decides what the hub does next: a reader stopped by its own
CPU, memory or time limit fails the document at once with that reason (the same file would
hit the same limit again); only a lost server, which is trouble outside the file, is worth
another try.
"""

from __future__ import annotations

import atexit
import base64
import json
import select
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from . import limits

_PROJECT_ROOT = Path(__file__).resolve().parents[2]
# Time for the server itself to start and to answer, beyond the reader's own wall limit.
_SERVER_GRACE = 30


@dataclass(frozen=True)
class Result:
    ok: bool
    text: str = ""
    pages: int | None = None
    title: str | None = None
    reason: str = ""
    # True when trying again could help (the child died of something outside the file).
    retryable: bool = False
    # A render job's page images, PNG bytes, first page first.
    images: tuple[bytes, ...] = ()


_MEMORY = "Reading the file needed too much memory."
# How a reader dies when its address-space limit bites in native code: abort() from a failed
# allocation, or a crash on the NULL it got back.
_MEMORY_SIGNALS = {signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS}


def outcome(reply: dict, *, cpu: int, wall: int) -> Result:
    """The result of one reader, from how the fork server says it ended."""
    if reply["timed_out"]:
        return Result(False, reason=f"Reading the file took longer than {wall} seconds.")
    died_of = reply["signal"]
    if died_of == signal.SIGXCPU or (died_of == signal.SIGKILL and reply["cpu"] >= cpu - 1):
        return Result(False, reason=f"Reading the file used more than {cpu} seconds of CPU.")
    if died_of in _MEMORY_SIGNALS or died_of == signal.SIGKILL:
        # A SIGKILL well short of the CPU limit is the kernel's out-of-memory killer.
        return Result(False, reason=_MEMORY)
    if reply["code"] != 0 or not reply["output"]:
        if reply["code"] == 3 or "MemoryError" in reply["stderr"]:
            return Result(False, reason=_MEMORY)
        how = f"signal {died_of}" if died_of else f"exit {reply['code']}"
        return Result(False, reason=f"The text reader stopped unexpectedly ({how}).")
    try:
        answer = json.loads(reply["output"])
    except ValueError:
        return Result(False, reason="The text reader gave no answer.")
    if not answer["ok"]:
        return Result(False, reason=answer["reason"])
    if "images" in answer:
        images = tuple(base64.b64decode(image) for image in answer["images"])
        return Result(True, pages=answer["pages"], images=images)
    return Result(True, text=answer["text"], pages=answer["pages"], title=answer.get("title"))


class _Server:
    """The fork server this process talks to; started on first use, restarted if it dies."""

    def __init__(self):
        self.process = None
        self.lock = threading.Lock()

    def _start(self):
        self.process = subprocess.Popen(  # noqa: S603 - fixed interpreter and module, no shell
            [sys.executable, "-m", "resources.extraction.child", "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=_PROJECT_ROOT,
            env={"PYTHONPATH": str(_PROJECT_ROOT), "PATH": "/usr/bin:/bin"},
            start_new_session=True,
        )
        self._read_line(_SERVER_GRACE)  # {"ready": pid} once the readers are imported

    def _read_line(self, timeout):
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        line = self.process.stdout.readline() if ready else b""
        if not line:
            raise OSError("the text reader server did not answer")
        return json.loads(line)

    def ask(self, job) -> dict:
        with self.lock:
            if self.process is None or self.process.poll() is not None:
                self._start()
            try:
                self.process.stdin.write(json.dumps(job).encode() + b"\n")
                self.process.stdin.flush()
                return self._read_line(job["wall"] + _SERVER_GRACE)
            except (OSError, ValueError):
                self.stop()
                raise

    @property
    def pid(self):
        return self.process.pid if self.process is not None else None

    def stop(self):
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


_server = _Server()
atexit.register(_server.stop)


def run(path, kind, *, cpu=None, memory=None, wall=None) -> Result:
    cpu = cpu or limits.CPU_SECONDS
    memory = memory or limits.MEMORY_BYTES
    wall = wall or limits.WALL_SECONDS
    job = {"kind": kind, "path": str(path), "cpu": cpu, "memory": memory, "wall": wall}
    try:
        reply = _server.ask(job)
    except (OSError, ValueError):
        return Result(False, reason="The text reader stopped unexpectedly.", retryable=True)
    return outcome(reply, cpu=cpu, wall=wall)


def render(path, *, pages, cpu=None, memory=None, wall=None) -> Result:
    """The first ``pages`` pages of a PDF as PNG bytes, drawn by a limited reader."""
    cpu = cpu or limits.CPU_SECONDS
    memory = memory or limits.MEMORY_BYTES
    wall = wall or limits.WALL_SECONDS
    job = {"task": "render", "kind": "pdf", "path": str(path), "pages": pages}
    job.update(cpu=cpu, memory=memory, wall=wall)
    try:
        reply = _server.ask(job)
    except (OSError, ValueError):
        return Result(False, reason="The page renderer stopped unexpectedly.", retryable=True)
    return outcome(reply, cpu=cpu, wall=wall)
