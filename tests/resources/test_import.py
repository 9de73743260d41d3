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
    with pytest.raises(CommandError, match="6 file"):
        call_command("import_resources", str(folder), "--manifest", str(manifest), stdout=out)
    output = out.getvalue()
    assert "Imported 1, skipped 0 already in the library, failed 6." in output
    for reason in (
        "outside the import folder",
        "does not exist",
        "unknown kind",
        "unknown collection",
        "not YYYY-MM-DD",
        "cannot be uploaded",
    ):
        assert reason in output
    assert Resource.objects.count() == 1


def test_missing_folder_is_a_clear_error(tmp_path, db):
    with pytest.raises(CommandError, match="is not a folder"):
        run(tmp_path / "nope")
