"""The sandboxed reader: ``python -m resources.extraction.child KIND PATH CPU MEMORY``.

It lowers its own limits before touching the file (CPU seconds, address space, no file
writes, no new processes), reads the text and prints one JSON object on stdout. It imports
nothing from Django, so it starts quickly and a crash here cannot harm the worker.
"""

import errno
import json
import resource
import sys


def _limit(kind, value):
    soft, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(kind, (value, value if hard == resource.RLIM_INFINITY else hard))


def main(argv):
    kind, path, cpu, memory = argv[0], argv[1], int(argv[2]), int(argv[3])
    _limit(resource.RLIMIT_CPU, cpu)
    _limit(resource.RLIMIT_AS, memory)
    _limit(resource.RLIMIT_FSIZE, 0)

    from resources.extraction.formats import ExtractionError, document_title, extract

    try:
        text, pages = extract(path, kind)
        result = {"ok": True, "text": text, "pages": pages, "title": document_title(path, kind)}
    except ExtractionError as error:
        result = {"ok": False, "reason": error.reason, "limit": error.limit}
    except MemoryError:
        result = {"ok": False, "reason": "Reading the file needed too much memory.", "limit": True}
    except OSError as error:
        # Under the address-space limit, loading a native library or mapping a big buffer fails
        # with ENOMEM or "failed to map segment": both mean the file needed too much memory.
        if error.errno == errno.ENOMEM or "map" in str(error):
            result = {
                "ok": False,
                "reason": "Reading the file needed too much memory.",
                "limit": True,
            }
        else:
            result = {
                "ok": False,
                "reason": "The file could not be read (OSError).",
                "limit": False,
            }
    except RecursionError:
        result = {"ok": False, "reason": "The file is nested too deeply to read.", "limit": True}
    except Exception as error:  # noqa: BLE001 - the sandbox boundary: report, never hide
        reason = f"The file could not be read ({type(error).__name__})."
        result = {"ok": False, "reason": reason, "limit": False}
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
