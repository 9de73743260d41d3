"""Run the reader in a child process with limits, and turn whatever happens into a result."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from . import limits

_PROJECT_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Result:
    ok: bool
    text: str = ""
    pages: int | None = None
    title: str | None = None
    reason: str = ""
    # True when trying again could help (the child died of something outside the file).
    retryable: bool = False


def run(path, kind, *, cpu=None, memory=None, wall=None) -> Result:
    cpu = cpu or limits.CPU_SECONDS
    memory = memory or limits.MEMORY_BYTES
    wall = wall or limits.WALL_SECONDS
    command = [sys.executable, "-m", "resources.extraction.child", kind, str(path)]
    command += [str(cpu), str(memory)]
    try:
        done = subprocess.run(  # noqa: S603 - fixed interpreter and module, no shell
            command,
            capture_output=True,
            timeout=wall,
            cwd=_PROJECT_ROOT,
            env={"PYTHONPATH": str(_PROJECT_ROOT), "PATH": "/usr/bin:/bin"},
            start_new_session=True,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Result(False, reason=f"Reading the file took longer than {wall} seconds.")
    if done.returncode == -signal.SIGXCPU or done.returncode == -signal.SIGKILL:
        return Result(False, reason=f"Reading the file used more than {cpu} seconds of CPU.")
    if done.returncode != 0:
        if b"MemoryError" in done.stderr or done.returncode == -signal.SIGSEGV:
            return Result(False, reason="Reading the file needed too much memory.")
        return Result(
            False,
            reason=f"The text reader stopped unexpectedly (exit {done.returncode}).",
            retryable=True,
        )
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        return Result(False, reason="The text reader gave no answer.", retryable=True)
    if not answer["ok"]:
        return Result(False, reason=answer["reason"])
    return Result(True, text=answer["text"], pages=answer["pages"], title=answer.get("title"))
