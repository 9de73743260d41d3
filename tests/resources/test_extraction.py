"""Text extraction: every format from a real file, and every hostile file ends in a recorded
failure within the limits, never a hang, a crash of the worker, or a leak of local files."""

import io
import os
import time
import zipfile
import zlib
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from resources import services
from resources.extraction import limits, samples, sandbox
from resources.models import Resource
from resources.signals import resource_text_changed
from tests.factories.resources import make_resource

SENTENCE = "The top-up agreement names the third party"


@pytest.mark.parametrize(
    ("extension", "pages"),
    [
        ("pdf", 1),
        ("docx", 1),
        ("pptx", 1),
        ("xlsx", 1),
        ("odt", None),
        ("ods", 1),
        ("odp", 1),
        ("rtf", None),
        ("txt", None),
        ("csv", None),
    ],
)
def test_every_format_is_read(tmp_path, extension, pages):
    path = tmp_path / f"file.{extension}"
    path.write_bytes(samples.make(extension, f"{SENTENCE}\nSecond line"))
    result = sandbox.run(path, extension)
    assert result.ok, result.reason
    assert SENTENCE in result.text
    assert result.pages == pages


def test_pdf_page_count(tmp_path):
    path = tmp_path / "three.pdf"
    path.write_bytes(samples.pdf(["one", "two", "three"]))
    assert sandbox.run(path, "pdf").pages == 3


def _ooxml(part_name, xml, *, main="word/document.xml"):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part_name, xml)
        if part_name != main:
            archive.writestr(main, "<x/>")
    return out.getvalue()


XXE = (
    '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    '<w:document xmlns:w="urn:w"><w:body><w:p><w:r><w:t>&secret;</w:t></w:r></w:p>'
    "</w:body></w:document>"
)
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    + "]>".replace("&lol0;", "&lol;")
    + '<sst xmlns="urn:x"><si><t>&lol9;</t></si></sst>'
).replace("&lol0;", "&lol;")


@pytest.mark.parametrize(
    ("extension", "part", "xml"),
    [
        ("docx", "word/document.xml", XXE),
        ("docx", "word/document.xml", LAUGHS),
        ("xlsx", "xl/sharedStrings.xml", LAUGHS),
        ("xlsx", "xl/sharedStrings.xml", XXE),
        ("pptx", "ppt/slides/slide1.xml", LAUGHS),
        ("pptx", "ppt/slides/slide1.xml", XXE),
    ],
)
def test_entities_and_dtds_are_refused(tmp_path, extension, part, xml):
    path = tmp_path / f"evil.{extension}"
    path.write_bytes(_ooxml(part, xml))
    result = sandbox.run(path, extension)
    assert not result.ok
    assert "DTD" in result.reason
    assert "root:" not in result.text


def test_zip_bomb_by_size_is_refused_before_parsing(tmp_path):
    path = tmp_path / "bomb.docx"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b" " * (limits.MAX_UNPACKED_BYTES + 1))
    path.write_bytes(out.getvalue())
    assert path.stat().st_size < 200_000
    result = sandbox.run(path, "docx")
    assert not result.ok
    assert "unpacks to more than 50 MB" in result.reason


def test_zip_bomb_with_lying_sizes_is_stopped_while_reading(tmp_path, monkeypatch):
    """A header that understates a member's size still cannot get past the byte budget."""
    from resources.extraction import formats

    path = tmp_path / "liar.docx"
    body = "<w:document xmlns:w='urn:w'>" + "<w:p/>" * 50_000 + "</w:document>"
    path.write_bytes(_ooxml("word/document.xml", body))
    monkeypatch.setattr(limits, "MAX_UNPACKED_BYTES", 10_000)
    with zipfile.ZipFile(path) as archive:
        assert sum(i.file_size for i in archive.infolist()) > 10_000
    # The declared-size check is the first line of defence; drive the reader past it directly.
    package = formats.Package.__new__(formats.Package)
    package.zip = zipfile.ZipFile(path)
    package.names = package.zip.namelist()
    package.budget = formats._Budget()
    with pytest.raises(formats.ExtractionError, match="unpacks to more than"):
        list(package.elements("word/document.xml"))


def test_archive_with_too_many_entries_is_refused(tmp_path):
    path = tmp_path / "many.docx"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<x/>")
        for index in range(10_000):
            archive.writestr(f"m/{index}", b"")
    path.write_bytes(out.getvalue())
    result = sandbox.run(path, "docx")
    assert not result.ok
    assert "more than 1,000 parts" in result.reason


def _pdf_with_stream(stream, *, extra_filter="/FlateDecode"):
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter %s >>\nstream\n" % (len(stream), extra_filter.encode())
        + stream
        + b"\nendstream",
    ]
    out = io.BytesIO(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 5\n0000000000 65535 f \n")
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def test_pdf_that_decompresses_without_end_stays_within_memory(tmp_path):
    compressor = zlib.compressobj(9)
    chunk = b"0 0 m " * 100_000
    stream = b"".join(compressor.compress(chunk) for _ in range(400)) + compressor.flush()
    path = tmp_path / "bomb.pdf"
    path.write_bytes(_pdf_with_stream(stream))
    started = time.monotonic()
    result = sandbox.run(path, "pdf", memory=256 * 2**20, wall=20)
    assert time.monotonic() - started < 25
    # PDFium either gives up on the stream or the limits end the child: never the worker.
    assert result.ok is False or result.text.strip() == ""


def test_pdf_whose_page_tree_loops_ends(tmp_path):
    path = tmp_path / "loop.pdf"
    data = _pdf_with_stream(b"", extra_filter="/FlateDecode").replace(
        b"/Kids [3 0 R] /Count 1", b"/Kids [2 0 R 3 0 R] /Count 99999999"
    )
    path.write_bytes(data)
    result = sandbox.run(path, "pdf", wall=20)
    assert result.ok is False or result.text.strip() == ""


@pytest.mark.parametrize("extension", ["pdf", "docx", "xlsx", "pptx", "odt", "rtf"])
def test_corrupt_files_fail_with_a_reason(tmp_path, extension):
    path = tmp_path / f"corrupt.{extension}"
    good = samples.make(extension, SENTENCE)
    path.write_bytes(good[: len(good) // 2])
    result = sandbox.run(path, extension)
    assert not result.ok
    assert result.reason


def test_wall_clock_limit_ends_the_child(tmp_path):
    # A named pipe with no writer: the child blocks opening it, however idle or busy the
    # machine (a tiny file with a tiny limit raced the child on a loaded machine).
    path = tmp_path / "a.txt"
    os.mkfifo(path)
    result = sandbox.run(path, "txt", wall=1)
    assert not result.ok
    assert "took longer" in result.reason


def _server_size():
    """The fork server's address space now: a reader forked from it starts at this size."""
    sandbox.run(__file__, "txt")  # make sure it is running
    with open(f"/proc/{sandbox._server.pid}/status") as status:
        line = next(line for line in status if line.startswith("VmSize:"))
    return int(line.split()[1]) * 1024


def test_memory_limit_ends_the_child(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"words " * 1_400_000)
    # Room for the reader as forked, not for an 8 MB file read and decoded on top of it.
    result = sandbox.run(path, "txt", memory=_server_size() + 4 * 2**20)
    assert not result.ok
    assert "too much memory" in result.reason
    assert not result.retryable


# --- The task and what it records -----------------------------------------------------------


def test_task_records_text_page_count_and_signals(library, django_capture_on_commit_callbacks):
    received = []

    def listener(sender, instance, **kwargs):
        received.append((instance.pk, instance.extraction_status))

    resource_text_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            resource = make_resource(
                collection=library["public"],
                text=SENTENCE,
                extension="pptx",
                queue_extraction=True,
            )
    finally:
        resource_text_changed.disconnect(listener)
    resource.refresh_from_db()
    assert resource.extraction_status == Resource.Extraction.DONE
    assert SENTENCE in resource.extracted_text
    assert resource.page_count == 1
    assert (resource.pk, Resource.Extraction.DONE) in received


def test_failed_extraction_keeps_row_and_file_and_stays_listed(client, library):
    resource = make_resource(collection=library["public"], title="Fenwick returns", text=SENTENCE)
    good = samples.docx([SENTENCE])
    with open(resource.file.path, "wb") as handle:
        handle.write(good[:200])
    Resource.objects.filter(pk=resource.pk).update(
        content_type=samples_kind("docx"), extracted_text=""
    )
    resource = services.extraction_run(resource.pk)
    assert resource.extraction_status == Resource.Extraction.FAILED
    assert "damaged" in resource.extraction_reason
    assert resource.file.storage.exists(resource.file.name)
    assert "Fenwick returns" in client.get("/resources/").content.decode()


def samples_kind(key):
    from resources.extraction.filetypes import KINDS

    return KINDS[key].content_type


def test_crashes_are_retried_then_marked_failed(library):
    resource = make_resource(collection=library["public"], text=SENTENCE)
    crash = sandbox.Result(False, reason="The text reader stopped unexpectedly.", retryable=True)
    with mock.patch.object(sandbox, "run", return_value=crash) as run:
        services.extraction_run(resource.pk)
    resource.refresh_from_db()
    # The immediate backend cannot defer, so the retries run at once; the db queue waits.
    assert run.call_count == services.MAX_ATTEMPTS
    assert resource.extraction_status == Resource.Extraction.FAILED
    assert resource.extraction_attempts == services.MAX_ATTEMPTS


def test_retry_is_deferred_with_backoff_on_a_queue_that_can_wait(library, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    resource = make_resource(collection=library["public"], text=SENTENCE)
    crash = sandbox.Result(False, reason="Stopped.", retryable=True)
    before = timezone.now()
    with mock.patch.object(sandbox, "run", return_value=crash):
        services.extraction_run(resource.pk)
    resource.refresh_from_db()
    assert resource.extraction_status == Resource.Extraction.PENDING
    (queued,) = [r for r in default_task_backend.results if r.task.name == "extract_resource_text"]
    assert queued.task.run_after >= before + timedelta(seconds=100)


def test_interrupted_running_extraction_is_picked_up_again(library, settings):
    resource = make_resource(collection=library["public"], text=SENTENCE)
    Resource.objects.filter(pk=resource.pk).update(
        extraction_status=Resource.Extraction.RUNNING,
        extraction_started_at=timezone.now() - timedelta(hours=1),
        extracted_text="",
    )
    assert services.extraction_requeue_stale() == 1
    resource.refresh_from_db()
    assert resource.extraction_status == Resource.Extraction.DONE
    assert SENTENCE in resource.extracted_text


def test_a_recent_running_extraction_is_left_alone(library):
    resource = make_resource(collection=library["public"], text=SENTENCE)
    Resource.objects.filter(pk=resource.pk).update(
        extraction_status=Resource.Extraction.RUNNING, extraction_started_at=timezone.now()
    )
    assert services.extraction_requeue_stale() == 0
    assert services.extraction_run(resource.pk) is None


# serialized_rollback: the root collection comes from a migration, and a live-server test run
# before this one on the same worker flushes it away.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_real_database_worker_runs_extraction(library, settings):
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    resource = make_resource(collection=library["public"], text=SENTENCE, extension="docx")
    Resource.objects.filter(pk=resource.pk).update(extracted_text="")
    services.extraction_queue(resource.pk)
    call_command("db_worker", batch=True, verbosity=0, interval=0.1)
    resource.refresh_from_db()
    assert resource.extraction_status == Resource.Extraction.DONE
    assert SENTENCE in resource.extracted_text


def _ended(*, code=None, signal=None, cpu=0.1, output="", stderr="", timed_out=False):
    return {
        "code": code,
        "signal": signal,
        "cpu": cpu,
        "output": output,
        "stderr": stderr,
        "timed_out": timed_out,
    }


@pytest.mark.parametrize(
    ("ended", "reason"),
    [
        (_ended(signal=24, cpu=30.0), "more than 30 seconds of CPU"),  # SIGXCPU: RLIMIT_CPU
        (_ended(signal=9, cpu=30.2), "more than 30 seconds of CPU"),  # SIGKILL at the hard limit
        (_ended(signal=9, cpu=2.0), "too much memory"),  # the out-of-memory killer
        (_ended(signal=6), "too much memory"),  # SIGABRT: a failed allocation in native code
        (_ended(signal=11), "too much memory"),  # SIGSEGV on the NULL it got back
        (_ended(code=3), "too much memory"),  # MemoryError outside the reader's own handler
        (_ended(code=1, stderr="MemoryError"), "too much memory"),
        (_ended(code=70), "stopped unexpectedly (exit 70)"),
        (_ended(timed_out=True), "took longer than 60 seconds"),
    ],
)
def test_a_reader_stopped_by_its_own_limits_fails_at_once(ended, reason):
    result = sandbox.outcome(ended, cpu=30, wall=60)
    assert not result.ok
    assert reason in result.reason
    # The same file would hit the same limit again: never worth a retry.
    assert result.retryable is False


def test_a_memory_bomb_fails_the_document_at_once_with_its_reason(library):
    resource = make_resource(collection=library["public"], text=SENTENCE)
    aborted = sandbox.outcome(_ended(signal=6), cpu=30, wall=60)
    with mock.patch.object(sandbox, "run", return_value=aborted) as run:
        services.extraction_run(resource.pk)
    resource.refresh_from_db()
    assert run.call_count == 1
    assert resource.extraction_status == Resource.Extraction.FAILED
    assert resource.extraction_reason == "Reading the file needed too much memory."
    assert resource.extraction_attempts == 1


def test_the_cpu_limit_ends_a_real_reader_and_says_so(tmp_path):
    # A million inline cells: far more than a second of CPU to walk, in 40 MB of XML.
    row = '<c t="inlineStr"><is><t>x</t></is></c>' * 1000
    sheet = "<worksheet><sheetData>" + f"<row>{row}</row>" * 1000 + "</sheetData></worksheet>"
    path = tmp_path / "busy.xlsx"
    path.write_bytes(_ooxml("xl/worksheets/sheet1.xml", sheet, main="xl/workbook.xml"))
    result = sandbox.run(path, "xlsx", cpu=1)
    assert not result.ok
    assert "more than 1 seconds of CPU" in result.reason
    assert not result.retryable


def test_only_a_lost_reader_server_is_worth_a_retry(tmp_path):
    import threading

    path = tmp_path / "blocked.txt"
    os.mkfifo(path)  # the reader blocks opening it until the server is gone
    sandbox.run(__file__, "txt")
    server = sandbox._server.pid
    results = []
    thread = threading.Thread(target=lambda: results.append(sandbox.run(path, "txt", wall=30)))
    thread.start()
    time.sleep(0.5)
    os.kill(server, 9)
    thread.join(20)
    (result,) = results
    assert not result.ok
    assert result.retryable is True
    # The next file gets a new server.
    assert sandbox.run(__file__, "txt").ok
    assert sandbox._server.pid != server


def _children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(child) for child in handle.read().split()]
    except FileNotFoundError:
        return []


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False


def test_readers_die_with_their_worker(tmp_path):
    import signal
    import subprocess
    import sys

    from django.conf import settings

    path = tmp_path / "blocked.txt"
    os.mkfifo(path)
    worker = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from resources.extraction import sandbox; "
            "sandbox.run(sys.argv[1], 'txt', wall=120)",
            str(path),
        ],
        cwd=settings.BASE_DIR,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            servers = _children(worker.pid)
            readers = [r for s in servers for r in _children(s)]
            if readers:
                break
            time.sleep(0.1)
        assert servers and readers, "the reader never started"
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(map(_alive, servers + readers)):
            time.sleep(0.1)
        assert not any(map(_alive, servers + readers))
    finally:
        worker.kill()


def test_child_limits_are_set_before_reading(tmp_path):
    """The child lowers its own CPU and address-space limits first thing."""
    import resource as rlimit

    from resources.extraction import child

    calls = []
    with (
        mock.patch.object(rlimit, "setrlimit", side_effect=lambda k, v: calls.append((k, v))),
        mock.patch("resources.extraction.formats.extract", return_value=("", None)),
        mock.patch("resources.extraction.formats.document_title", return_value=None),
        mock.patch("sys.stdout"),
    ):
        child.main(["txt", str(tmp_path / "x.txt"), "30", str(512 * 2**20)])
    limited = {kind: value[0] for kind, value in calls}
    assert limited[rlimit.RLIMIT_CPU] == 30
    assert limited[rlimit.RLIMIT_AS] == 512 * 2**20
    assert limited[rlimit.RLIMIT_FSIZE] == 0


def test_unreadable_storage_is_retried_then_recorded(library):
    resource = make_resource(collection=library["public"], text=SENTENCE)
    with mock.patch.object(services, "local_copy", side_effect=OSError("disk gone")):
        services.extraction_run(resource.pk)
    resource.refresh_from_db()
    assert resource.extraction_status == Resource.Extraction.FAILED
    assert "could not be opened (disk gone)" in resource.extraction_reason
    assert resource.extraction_attempts == services.MAX_ATTEMPTS
