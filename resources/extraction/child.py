"""The sandboxed reader.

``python -m resources.extraction.child --serve`` is a fork server: it imports the readers once,
then for each job (one JSON line on stdin) forks a child that lowers its own limits before
touching the file (CPU seconds, address space, no file writes), reads the text (or, for a
``"task": "render"`` job, draws a PDF's first pages as PNG bytes) and hands back one JSON
object. Each document still gets a fresh process with its own limits; only Python's start-up
(~50 ms a file) is paid once. The server waits for the child, ends it at the wall clock limit,
and answers with how it ended (exit code or signal, CPU used) beside its output.

``python -m resources.extraction.child KIND PATH CPU MEMORY`` reads one file the same way and
prints the result. Nothing here imports Django, so a crash here cannot harm the worker.
"""

import contextlib
import ctypes
import errno
import json
import os
import resource
import select
import signal
import sys
import time

_PR_SET_PDEATHSIG = 1
_MAX_STDERR = 4096


def die_with_parent():
    """Ask Linux to kill this process when its parent dies (``prctl(PR_SET_PDEATHSIG)``).

    A worker killed mid-extraction then takes its readers with it instead of leaving orphans.
    """
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the parent's timeouts still end children
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _limit(kind, value):
    soft, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(kind, (value, value if hard == resource.RLIM_INFINITY else hard))


_TOO_MUCH_MEMORY = {
    "ok": False,
    "reason": "Reading the file needed too much memory.",
    "limit": True,
}


def _lower_limits(cpu, memory):
    _limit(resource.RLIMIT_CPU, cpu)
    _limit(resource.RLIMIT_AS, memory)
    _limit(resource.RLIMIT_FSIZE, 0)


def read(kind, path, cpu, memory) -> dict:
    """Lower this process's limits, then read the file: the result as a JSON-ready dict."""
    _lower_limits(cpu, memory)

    from resources.extraction.formats import document_title, extract

    def text():
        text, pages = extract(path, kind)
        return {"ok": True, "text": text, "pages": pages, "title": document_title(path, kind)}

    return _guarded(text)


def render(path, cpu, memory, pages) -> dict:
    """Lower this process's limits, then draw the first pages of a PDF: PNGs as base64."""
    _lower_limits(cpu, memory)

    import base64

    from resources.extraction.rendering import render_pdf

    def images():
        images, count = render_pdf(path, pages=pages)
        encoded = [base64.b64encode(image).decode("ascii") for image in images]
        return {"ok": True, "images": encoded, "pages": count}

    return _guarded(images)


def _guarded(work) -> dict:
    """Run ``work`` and turn whatever it raises into a result saying why."""
    from resources.extraction.formats import ExtractionError

    try:
        return work()
    except ExtractionError as error:
        return {"ok": False, "reason": error.reason, "limit": error.limit}
    except MemoryError:
        return _TOO_MUCH_MEMORY
    except OSError as error:
        # Under the address-space limit, loading a native library or mapping a big buffer fails
        # with ENOMEM or "failed to map segment": both mean the file needed too much memory.
        if error.errno == errno.ENOMEM or "map" in str(error):
            return _TOO_MUCH_MEMORY
        return {"ok": False, "reason": "The file could not be read (OSError).", "limit": False}
    except RecursionError:
        return {"ok": False, "reason": "The file is nested too deeply to read.", "limit": True}
    except Exception as error:  # noqa: BLE001 - the sandbox boundary: report, never hide
        reason = f"The file could not be read ({type(error).__name__})."
        return {"ok": False, "reason": reason, "limit": False}


def main(argv):
    kind, path, cpu, memory = argv[0], argv[1], int(argv[2]), int(argv[3])
    json.dump(read(kind, path, cpu, memory), sys.stdout)


# --- Fork server ---------------------------------------------------------------------------


def _preload():
    # Imported once here, shared by every forked reader (copy-on-write).
    import charset_normalizer  # noqa: F401
    import defusedxml.ElementTree  # noqa: F401
    import olefile  # noqa: F401
    import PIL.Image  # noqa: F401 - the preview renderer's PNG encoder
    import PIL.PngImagePlugin  # noqa: F401
    import pypdfium2  # noqa: F401
    import striprtf.striprtf  # noqa: F401
    import trafilatura  # noqa: F401 - 0.6 s to import: paid once, not per web page
    import xlrd  # noqa: F401

    import resources.extraction.formats  # noqa: F401
    import resources.extraction.rendering  # noqa: F401


def _reader(job, out_fd, err_fd):
    """In the forked child: its own process group, its own limits, one file, then exit."""
    code = 0
    try:
        os.setpgid(0, 0)
        die_with_parent()
        os.dup2(err_fd, 2)
        if job.get("task") == "render":
            result = render(job["path"], job["cpu"], job["memory"], job["pages"])
        else:
            result = read(job["kind"], job["path"], job["cpu"], job["memory"])
        data = json.dumps(result).encode()
        while data:
            data = data[os.write(out_fd, data) :]
    except MemoryError:
        code = 3
    except BaseException:  # noqa: BLE001 - whatever happens, the child must not return
        code = 70
    finally:
        os._exit(code)


def _drain(fds, deadline):
    """Read both pipes until the child closes them or the deadline passes: (out, err, late)."""
    chunks = {fd: [] for fd in fds}
    open_fds = list(fds)
    while open_fds:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return chunks, True
        ready, _, _ = select.select(open_fds, [], [], remaining)
        for fd in ready:
            chunk = os.read(fd, 1 << 20)
            if chunk:
                chunks[fd].append(chunk)
            else:
                open_fds.remove(fd)
    return chunks, False


def run_job(job) -> dict:
    """Fork a reader for one job and report how it ended."""
    out_read, out_write = os.pipe()
    err_read, err_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(out_read)
        os.close(err_read)
        _reader(job, out_write, err_write)
    os.close(out_write)
    os.close(err_write)
    with contextlib.suppress(OSError):  # the child already did it, or has already exited
        os.setpgid(pid, pid)
    chunks, timed_out = _drain([out_read, err_read], time.monotonic() + job["wall"])
    if timed_out:
        _kill_group(pid)
    os.close(out_read)
    os.close(err_read)
    _, status, usage = os.wait4(pid, 0)
    _kill_group(pid)  # anything the reader started (antiword, catppt) ends with it
    return {
        "timed_out": timed_out,
        "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
        "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
        "cpu": usage.ru_utime + usage.ru_stime,
        "output": b"".join(chunks[out_read]).decode("utf-8", "replace"),
        "stderr": b"".join(chunks[err_read])[-_MAX_STDERR:].decode("utf-8", "replace"),
    }


def _kill_group(pid):
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def serve():
    die_with_parent()
    _preload()
    sys.stdout.write(json.dumps({"ready": os.getpid()}) + "\n")
    sys.stdout.flush()
    for line in sys.stdin:
        reply = run_job(json.loads(line))
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        serve()
    else:
        main(sys.argv[1:])
