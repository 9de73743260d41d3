"""``manage.py import_resources``: manifests, idempotence, a summary, and honest exit codes."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from resources.extraction import samples
from resources.models import Resource
from tests.factories import OrganisationFactory


@pytest.fixture
def folder(tmp_path):
    directory = tmp_path / "import"
    (directory / "sub").mkdir(parents=True)
    (directory / "care-home_contract.docx").write_bytes(
        samples.docx(["The top-up agreement template for care homes."])
    )
    (directory / "sub" / "slides.pptx").write_bytes(
        samples.pptx([("Learning event", "Direct payments in residential care")])
    )
    (directory / "returns.xlsx").write_bytes(samples.xlsx({"Q1": [["Site", "Payments"]]}))
    (directory / "doc1.docx").write_bytes(
        samples.docx(["Body"], title="Guide to   paying care homes")
    )
    (directory / ".hidden.txt").write_text("ignored")
    return directory


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("import_resources", *map(str, args), stdout=out)
    return out.getvalue()


def test_folder_import_titles_from_names_and_is_idempotent(folder, library):
    output = run(folder, "--extract-now")
    assert "Imported 4, skipped 0 already in the library, failed 0." in output
    assert "[####################] 4/4" in output
    titles = set(Resource.objects.values_list("title", flat=True))
    # The document's own title wins over its file name.
    assert titles == {"Care home contract", "Slides", "Returns", "Guide to paying care homes"}
    contract = Resource.objects.get(title="Care home contract")
    assert contract.extraction_status == Resource.Extraction.DONE
    assert "top-up agreement template" in contract.extracted_text
    assert "Imported 0, skipped 4" in run(folder)
    assert Resource.objects.count() == 4


def test_queued_import_also_takes_the_document_title(
    folder, library, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run(folder)
    assert Resource.objects.filter(title="Guide to paying care homes").exists()


def test_csv_manifest_sets_metadata(folder, library):
    council = OrganisationFactory(name="Fenbridge Council")
    manifest = folder / "manifest.csv"
    manifest.write_text(
        "file,title,description,kind,tags,organisation,date,collection\n"
        "care-home_contract.docx,Top-up contract,For homes,template,"
        '"top-ups, contracts",Fenbridge Council,2014-06-02,Steercove\n'
    )
    run(folder, "--manifest", manifest)
    resource = Resource.objects.get()
    assert resource.title == "Top-up contract"
    assert resource.kind == "template"
    assert resource.organisation == council
    assert str(resource.published_on) == "2014-06-02"
    assert resource.collection == library["steering"]
    assert sorted(resource.tags.names()) == ["contracts", "top-ups"]


def test_jsonl_manifest_with_bad_rows_reports_each_and_exits_non_zero(folder, library):
    (folder / "page.pdf").write_bytes(b"<html><script>x</script></html>")
    manifest = folder / "manifest.jsonl"
    rows = [
        {"file": "sub/slides.pptx", "title": "Slides", "kind": "slides"},
        {"file": "../../etc/passwd"},
        {"file": "missing.docx"},
        {"file": "returns.xlsx", "kind": "spreadsheet"},
        {"file": "returns.xlsx", "collection": "Nowhere"},
        {"file": "returns.xlsx", "date": "June"},
        {"file": "page.pdf"},
    ]
    manifest.write_text("\n".join(json.dumps(r) for r in rows))
    from io import StringIO

    out = StringIO()
    with pytest.raises(CommandError, match="5 file"):
        call_command("import_resources", str(folder), "--manifest", str(manifest), stdout=out)
    output = out.getvalue()
    # The unreadable date is a warning: that row comes in, without a date.
    assert "Imported 2, skipped 0 already in the library, failed 5." in output
    for reason in (
        "outside the import folder",
        "the manifest names missing.docx, which is not in the folder",
        "unknown kind",
        "unknown collection",
        "the date 'June' is not a real YYYY, YYYY-MM or YYYY-MM-DD date",
        "named .pdf but its content is a Web page",
    ):
        assert reason in output
    assert Resource.objects.count() == 2
    assert Resource.objects.get(title="Returns").published_on is None


def test_missing_folder_is_a_clear_error(tmp_path, db):
    with pytest.raises(CommandError, match="is not a folder or a .zip"):
        run(tmp_path / "nope")


def _manifest(folder, rows):
    manifest = folder / "manifest.jsonl"
    manifest.write_text("\n".join(json.dumps(row) for row in rows))
    return manifest


@pytest.mark.parametrize(
    ("date", "stored", "precision", "label"),
    [
        ("2023", "2023-01-01", "year", "2023"),
        ("2015-08", "2015-08-01", "month", "August 2015"),
        ("2015-08-03", "2015-08-03", "day", "3 August 2015"),
    ],
)
def test_partial_dates_keep_their_precision(
    folder, library, client, date, stored, precision, label
):
    from search.models import SearchEntry

    manifest = _manifest(folder, [{"file": "returns.xlsx", "date": date, "title": "Returns"}])
    run(folder, "--manifest", manifest)
    resource = Resource.objects.get()
    assert str(resource.published_on) == stored
    assert resource.published_precision == precision
    assert resource.published_label == label
    page = client.get(resource.get_absolute_url()).content.decode()
    assert f">{label}</dd>" in page
    assert SearchEntry.objects.get(url=resource.get_absolute_url()).year == int(stored[:4])


@pytest.mark.parametrize("date", ["31/02/2014", "2014-02-31", "2014-13", "someday"])
def test_an_unreadable_date_is_a_warning_and_the_file_comes_in_without_one(folder, library, date):
    manifest = _manifest(folder, [{"file": "returns.xlsx", "date": date}])
    output = run(folder, "--manifest", manifest)
    assert f"warning: the date {date!r} is not a real" in output
    assert "Warnings:" in output
    assert Resource.objects.get().published_on is None


def test_dry_run_lists_what_would_happen_and_stores_nothing(folder, library):
    from io import StringIO

    from resources.models import ResourceVersion

    (folder / "page.txt").write_bytes(b"<html><script>x</script></html>")
    run(folder / "sub")  # slides.pptx is already in the library
    before = Resource.objects.count()
    out = StringIO()
    with pytest.raises(CommandError, match="1 file.*would be refused"):
        call_command("import_resources", str(folder), "--dry-run", stdout=out)
    output = out.getvalue()
    assert "returns.xlsx: would import" in output
    assert "sub/slides.pptx: would skip" in output
    assert "page.txt: would be refused" in output
    assert "Dry run: would import 3, skip 1 already in the library, refuse 1." in output
    assert Resource.objects.count() == before
    assert ResourceVersion.objects.count() == before


def test_summary_table_counts_each_outcome(folder, library):
    # A damaged container is refused at the door; a damaged part inside is found on reading.
    (folder / "cut.docx").write_bytes(samples.docx(["x"])[:300])
    _zip(
        folder / "broken.docx",
        {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document><unclosed"},
    )
    (folder / "script.txt").write_bytes(b"#!/bin/sh\necho hi\n")
    from io import StringIO

    out = StringIO()
    with pytest.raises(CommandError, match="2 file"):
        call_command("import_resources", str(folder), "--extract-now", stdout=out)
    lines = [" ".join(line.split()) for line in out.getvalue().splitlines()]
    assert "imported 5" in lines
    assert "refused 2" in lines
    assert "imported, text not read 1" in lines
    assert Resource.objects.count() == 5


def test_only_refusals_make_the_exit_status_non_zero(folder, library):
    manifest = _manifest(folder, [{"file": "returns.xlsx", "date": "31/02/2014"}])
    # No CommandError: a warning is not a refusal.
    assert "Imported 1" in run(folder, "--manifest", manifest)


# --- Archives ------------------------------------------------------------------------------


def _zip(path, members, *, links=()):
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        for name, target in links:
            info = zipfile.ZipInfo(name)
            info.external_attr = (0o120777 << 16) | 0
            archive.writestr(info, target)
    return path


def test_a_zip_imports_like_a_folder_with_its_manifest(tmp_path, library):
    archive = _zip(
        tmp_path / "archive.zip",
        {
            "papers/contract.docx": samples.docx(["The top-up agreement template."]),
            "papers/notes.txt": "Notes from the learning event.".encode("utf-16"),
        },
    )
    manifest = _manifest(
        tmp_path, [{"file": "papers/contract.docx", "date": "2015-08", "title": "Contract"}]
    )
    run(archive, "--manifest", manifest, "--extract-now")
    contract = Resource.objects.get()
    assert contract.published_label == "August 2015"
    assert "top-up agreement" in contract.extracted_text
    output = run(archive, "--extract-now")
    assert "Imported 1, skipped 1" in output
    assert "Notes from the learning event" in Resource.objects.get(title="Notes").extracted_text


def test_a_zip_with_traversal_absolute_and_linked_members_takes_only_the_safe_ones(
    tmp_path, library
):
    outside = tmp_path / "outside.txt"
    archive = _zip(
        tmp_path / "evil.zip",
        {
            "good.txt": b"A safe note about direct payments.",
            "../outside.txt": b"escaped",
            "/srv/absolute.txt": b"absolute",
            "..\\windows.txt": b"backslash escape",
        },
        links=[("link.txt", "/etc/passwd")],
    )
    from io import StringIO

    out = StringIO()
    with pytest.raises(CommandError, match="4 file"):
        call_command("import_resources", str(archive), "--extract-now", stdout=out)
    output = out.getvalue()
    assert "outside the archive" in output
    assert "absolute path" in output
    assert "symbolic link" in output
    assert not outside.exists()
    resource = Resource.objects.get()
    assert resource.extracted_text == "A safe note about direct payments."
    assert "root:" not in "".join(Resource.objects.values_list("extracted_text", flat=True))


def test_a_zip_bomb_is_refused_whole_and_nothing_is_stored(tmp_path, library, monkeypatch):
    from resources import importing

    archive = _zip(
        tmp_path / "bomb.zip",
        {"a.txt": b"fine", "b.txt": b"0" * (3 * 1024**2)},
    )
    # One member past the ratio is refused on its own...
    output_error = None
    try:
        run(archive)
    except CommandError as error:
        output_error = str(error)
    assert output_error and "1 file" in output_error
    assert Resource.objects.count() == 1
    # ...and an archive past the total or count caps is refused whole.
    monkeypatch.setattr(importing, "MAX_ARCHIVE_BYTES", 1024**2)
    with pytest.raises(CommandError, match="zip bomb"):
        run(_zip(tmp_path / "big.zip", {"c.txt": b"x" * (2 * 1024**2)}))
    monkeypatch.setattr(importing, "MAX_ARCHIVE_MEMBERS", 3)
    with pytest.raises(CommandError, match="more than 3 files"):
        run(_zip(tmp_path / "many.zip", {f"{i}.txt": b"note" for i in range(4)}))
    assert Resource.objects.count() == 1


def test_a_damaged_zip_is_a_clear_error(tmp_path, db):
    path = tmp_path / "broken.zip"
    path.write_bytes(_zip(tmp_path / "ok.zip", {"a.txt": b"note"}).read_bytes()[:-30])
    with pytest.raises(CommandError, match="not a folder or a .zip|not a readable .zip"):
        run(path)


def test_a_refused_file_leaves_nothing_behind(folder, library, settings):
    from pathlib import Path

    (folder / "fake.pdf").write_bytes(b"MZ\x90\x00" + b"\x00" * 100)
    with pytest.raises(CommandError):
        run(folder)
    stored = {p.name for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}
    assert not any(name.startswith("fake") for name in stored)
    assert not Resource.objects.filter(title="Fake").exists()
