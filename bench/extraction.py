"""Extraction throughput: pages per second in the sandbox, and seconds to import N documents.

``python -m bench.extraction [N]`` (N defaults to 1000). The import runs against a throwaway
test database, so it never touches real data.
"""

from __future__ import annotations

import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

FORMATS = ["pdf", "docx", "pptx", "xlsx", "odt", "rtf", "txt", "csv"]
PARAGRAPH = (
    "A direct payment for a care home place lets the resident, or someone acting for them, "
    "hold the money and pay the home. Top-up agreements set out who pays the difference."
)


def _make_corpus(directory: Path, count: int):
    from resources.extraction import samples

    for index in range(count):
        extension = FORMATS[index % len(FORMATS)]
        text = f"Document {index}\n" + "\n".join([PARAGRAPH] * 8)
        if extension == "pdf":
            data = samples.pdf([f"Document {index} page {p}\n{PARAGRAPH}" for p in range(10)])
        elif extension == "pptx":
            data = samples.pptx([(f"Slide {s} of {index}", PARAGRAPH) for s in range(5)])
        else:
            data = samples.make(extension, text)
        (directory / f"doc-{index:05d}.{extension}").write_bytes(data)


def extraction_rate(directory: Path, limit=200):
    from resources.extraction import sandbox

    files = sorted(directory.iterdir())[:limit]
    pages = 0
    started = time.perf_counter()
    for path in files:
        result = sandbox.run(path, path.suffix[1:])
        pages += result.pages or 1
    elapsed = time.perf_counter() - started
    return len(files) / elapsed, pages / elapsed


def import_seconds(directory: Path, *, extract_now: bool):
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            started = time.perf_counter()
            args = [str(directory)] + (["--extract-now"] if extract_now else [])
            call_command("import_resources", *args, stdout=StringIO())
            return time.perf_counter() - started
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


def run(count=1000, out=print):
    import django

    django.setup()
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        started = time.perf_counter()
        _make_corpus(directory, count)
        out(f"made {count} mixed documents in {time.perf_counter() - started:.1f}s")
        docs_per_s, pages_per_s = extraction_rate(directory)
        out(
            f"extraction (a fresh forked reader each): {docs_per_s:.1f} docs/s, "
            f"{pages_per_s:.1f} pages/s"
        )
        seconds = import_seconds(directory, extract_now=True)
        out(f"import {count} mixed documents with --extract-now: {seconds:.1f}s")


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.test")
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
