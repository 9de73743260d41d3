"""Office 97-2003 files (.doc, .xls, .ppt): told apart by the streams inside them, read in the
sandbox, and a password-protected or damaged one ends in a clear reason, never a half-stored
file."""

import io
import shutil
import zipfile

import pytest

from resources import services
from resources.extraction import filetypes, samples, sandbox
from resources.models import Resource

SENTENCE = "The top-up agreement names the third party"

needs_antiword = pytest.mark.skipif(
    shutil.which("antiword") is None and shutil.which("catdoc") is None,
    reason="reading .doc needs Debian's antiword or catdoc, not installed here",
)
needs_catppt = pytest.mark.skipif(
    shutil.which("catppt") is None,
    reason="reading .ppt needs catppt from Debian's catdoc package, not installed here",
)


@pytest.mark.parametrize(
    ("extension", "pages"),
    [
        pytest.param("doc", None, marks=needs_antiword),
        ("xls", 1),
        pytest.param("ppt", None, marks=needs_catppt),
    ],
)
def test_each_legacy_format_is_told_apart_and_read(tmp_path, extension, pages):
    path = tmp_path / f"file.{extension}"
    path.write_bytes(samples.make(extension, f"{SENTENCE}\nCosts £5 a week"))
    kind = filetypes.detect(path)
    assert kind.key == extension
    result = sandbox.run(path, extension)
    assert result.ok, result.reason
    assert SENTENCE in result.text
    assert "£5 a week" in result.text
    assert result.pages == pages


def test_every_sheet_of_a_workbook_is_read(tmp_path):
    path = tmp_path / "returns.xls"
    path.write_bytes(
        samples.xls({"Q1": [["Site", "Payments"], ["Fenbridge", 12]], "Q2": [["Steercove", 3.5]]})
    )
    result = sandbox.run(path, "xls")
    assert result.ok
    assert "Fenbridge\t12" in result.text
    assert "Steercove\t3.5" in result.text
    assert result.pages == 2


@pytest.mark.parametrize("extension", ["doc", "xls", "ppt"])
def test_a_legacy_file_under_another_office_name_is_refused(tmp_path, extension):
    path = tmp_path / "x.bin"
    path.write_bytes(samples.make(extension, SENTENCE))
    other = {"doc": "xls", "xls": "ppt", "ppt": "doc"}[extension]
    with pytest.raises(filetypes.Rejected, match="but its content is"):
        services.check_file(path, f"report.{other}")


def test_a_compound_file_that_is_no_office_document_is_refused(tmp_path):
    path = tmp_path / "mail.doc"
    path.write_bytes(samples.compound_file({"__substg1.0_0037001F": b"subject"}))
    with pytest.raises(filetypes.Rejected, match="cannot be uploaded"):
        filetypes.detect(path)


def test_a_password_protected_office_file_is_refused_with_that_reason(tmp_path):
    # A password-protected DOCX/XLSX is a compound file wrapping an encrypted package.
    path = tmp_path / "locked.docx"
    path.write_bytes(
        samples.compound_file({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"x"})
    )
    with pytest.raises(filetypes.Rejected, match="password-protected"):
        filetypes.detect(path)


@needs_antiword
def test_a_password_protected_doc_fails_extraction_with_that_reason(tmp_path):
    path = tmp_path / "locked.doc"
    path.write_bytes(samples.doc([SENTENCE], encrypted=True))
    result = sandbox.run(path, "doc")
    assert not result.ok
    assert "password-protected" in result.reason
    assert not result.retryable


@pytest.mark.parametrize(
    "extension",
    [
        pytest.param("doc", marks=needs_antiword),
        "xls",
        pytest.param("ppt", marks=needs_catppt),
    ],
)
def test_a_damaged_legacy_file_fails_with_a_reason(tmp_path, extension):
    good = samples.make(extension, SENTENCE)
    path = tmp_path / f"cut.{extension}"
    path.write_bytes(good[:1100])
    try:
        filetypes.detect(path)
    except filetypes.Rejected as error:
        assert "damaged" in str(error)
        return
    result = sandbox.run(path, extension)
    assert not result.ok
    assert "damaged" in result.reason


def test_a_missing_reader_is_named_in_the_reason(tmp_path, monkeypatch):
    from resources.extraction import formats

    monkeypatch.setattr(formats, "_TOOL_PATH", str(tmp_path))
    path = tmp_path / "file.ppt"
    path.write_bytes(samples.make("ppt", SENTENCE))
    with pytest.raises(formats.ExtractionError, match="needs catppt"):
        formats.extract(path, "ppt")


@needs_antiword
@needs_catppt
def test_a_zip_of_legacy_files_imports_in_full(tmp_path, library):
    from django.core.management import call_command

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for extension in ("doc", "xls", "ppt"):
            data = samples.make(extension, SENTENCE)
            archive.writestr(f"2014/{extension}-file.{extension}", data)
    path = tmp_path / "archive.zip"
    path.write_bytes(out.getvalue())
    report = io.StringIO()
    call_command("import_resources", str(path), "--extract-now", stdout=report)
    assert "Imported 3, skipped 0 already in the library, failed 0." in report.getvalue()
    for resource in Resource.objects.all():
        assert resource.extraction_status == Resource.Extraction.DONE
        assert SENTENCE in resource.extracted_text
