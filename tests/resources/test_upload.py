"""Front-end upload: who may, where to, and every bad file refused with a reason and no trace."""

import io
import uuid
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from resources.extraction import samples
from resources.extraction.filetypes import ALLOWED_EXTENSIONS, clean_filename
from resources.models import Resource, ResourceVersion

URL = reverse("resources:upload")
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00"
    b"\x00IEND\xaeB`\x82"
)
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200


def stored_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def post(client, library, name, content, **extra):
    data = {
        "file": SimpleUploadedFile(name, content),
        "title": "Top-up agreement template",
        "kind": "template",
        "collection": library["site"].pk,
        "token": str(uuid.uuid4()),
        **extra,
    }
    return client.post(URL, data)


@pytest.fixture
def staff_client(client, make_actor):
    client.force_login(make_actor("trailblazer"))
    return client


@pytest.mark.parametrize(
    ("actor", "status"),
    [("council_member", 403), ("provider", 403), ("evaluator", 403), ("pending", 403)],
)
def test_nobody_without_a_collection_to_add_to_may_upload(client, make_actor, actor, status):
    client.force_login(make_actor(actor))
    assert client.get(URL).status_code == status
    assert client.post(URL, {"title": "x"}).status_code == status


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("actor", ["trailblazer", "programme_team"])
def test_staff_upload_stores_a_resource_with_its_text(
    client, make_actor, library, actor, django_capture_on_commit_callbacks
):
    user = make_actor(actor)
    client.force_login(user)
    content = samples.docx(["The top-up agreement is signed by the third party."])
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, library, "agreement.docx", content, tags="top-ups, contracts")
    resource = Resource.objects.get()
    assert response.status_code == 302
    assert response["Location"] == resource.get_absolute_url()
    assert resource.uploaded_by_user == user
    assert resource.collection == library["site"]
    assert resource.original_filename == "agreement.docx"
    assert resource.file_size == len(content)
    assert sorted(resource.tags.names()) == ["contracts", "top-ups"]
    assert resource.extraction_status == Resource.Extraction.DONE
    assert "top-up agreement is signed" in resource.extracted_text
    assert resource.versions.get().number == 1


def test_form_offers_only_collections_the_user_may_add_to(staff_client, library):
    response = staff_client.get(URL)
    choices = {c.pk for c in response.context["form"].fields["collection"].queryset}
    assert choices == {library["public"].pk, library["members"].pk, library["site"].pk}


def test_upload_into_a_collection_the_user_may_not_use_is_refused(staff_client, library):
    response = post(
        staff_client, library, "x.txt", b"plain words", collection=library["steering"].pk
    )
    assert response.status_code == 403
    assert "collection" in response.context["form"].errors
    assert not Resource.objects.exists()
    assert stored_files() == []


BAD_FILES = [
    ("report.pdf", HTML, "content is a Web page"),
    ("notes.docx", PNG, "cannot be uploaded"),
    ("logo.svg", SVG, "(image/svg+xml) cannot be uploaded"),
    ("x.pdf.html", samples.pdf(["hello"]), "content is a PDF"),
    ("setup.pdf", ELF, "cannot be uploaded"),
    ("setup.exe", ELF, "cannot be uploaded"),
    ("notes.txt", b"Meeting notes\n<script>alert(1)</script>\n", "content is a Web page"),
    ("notes.txt", b"Meeting notes for the quarter\n" * 40 + b"<iframe src=x>", "a Web page"),
    ("svg.txt", SVG, "cannot be uploaded"),
    ("report.docx", samples.pdf(["hello"]), "content is a PDF"),
    ("empty.txt", b"", "empty"),
    ("broken.docx", b"PK\x03\x04" + b"\x00" * 100, "damaged"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES)
def test_bad_files_are_refused_with_a_reason_and_leave_nothing(
    staff_client, library, name, content, message
):
    response = post(staff_client, library, name, content)
    assert response.status_code == 400
    errors = response.context["form"].errors["file"]
    assert any(message in error for error in errors), errors
    assert not Resource.objects.exists()
    assert not ResourceVersion.objects.exists()
    assert stored_files() == []


def test_archive_with_ten_thousand_entries_is_refused(staff_client, library):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for index in range(10_000):
            archive.writestr(f"word/media/{index}.bin", b"")
    response = post(staff_client, library, "bomb.docx", out.getvalue())
    assert "zip bomb" in response.context["form"].errors["file"][0]
    assert not Resource.objects.exists()


def test_a_file_one_byte_over_the_cap_is_refused_while_streaming(staff_client, library):
    cap = settings.RESOURCES_MAX_UPLOAD_BYTES
    assert cap == 25 * 1024 * 1024
    response = post(staff_client, library, "big.txt", b"a" * (cap + 1))
    assert response.status_code == 413
    assert "larger than 25 MB" in response.context["form"].errors["file"][0]
    assert not Resource.objects.exists()
    assert stored_files() == []


def test_the_cap_is_a_setting_and_a_file_at_the_cap_is_accepted(staff_client, library, settings):
    settings.RESOURCES_MAX_UPLOAD_BYTES = 2000
    assert post(staff_client, library, "ok.txt", b"a" * 2000).status_code == 302
    response = post(staff_client, library, "big.txt", b"a" * 2001)
    assert response.status_code == 413
    assert "larger than" in response.context["form"].errors["file"][0]
    assert Resource.objects.count() == 1


@pytest.mark.parametrize("name", ["../../x.pdf", "..\\..\\x.pdf", "/etc/x.pdf"])
def test_path_traversal_names_are_stored_inside_media(staff_client, library, name):
    assert post(staff_client, library, name, samples.pdf(["words"])).status_code == 302
    resource = Resource.objects.get()
    assert resource.original_filename == "x.pdf"
    media = Path(settings.MEDIA_ROOT).resolve()
    assert Path(resource.file.path).resolve().is_relative_to(media / "documents")


def test_same_name_twice_never_overwrites(staff_client, library):
    post(staff_client, library, "minutes.txt", b"first file")
    post(staff_client, library, "minutes.txt", b"second file")
    first, second = Resource.objects.order_by("pk")
    assert first.file.name != second.file.name
    assert Path(first.file.path).read_bytes() == b"first file"
    assert Path(second.file.path).read_bytes() == b"second file"


def test_double_submit_stores_one_resource(staff_client, library):
    token = str(uuid.uuid4())
    first = post(staff_client, library, "a.txt", b"words", token=token)
    second = post(staff_client, library, "a.txt", b"words", token=token)
    assert Resource.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert len(stored_files()) == 1


def test_upload_without_csrf_token_is_refused(make_actor, library):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_actor("trailblazer"))
    response = post(client, library, "a.txt", b"words")
    assert response.status_code == 403
    assert not Resource.objects.exists()


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("report\x00.pdf", "report.pdf"),
        ("invoice\u202egpj.exe", "invoicegpj.exe"),
        ("<b>alert(1)<i>.pdf", "b_alert(1)_i.pdf"),
        ("a" * 300 + ".pdf", "a" * 96 + ".pdf"),
        ("..", "document"),
        ("....pdf", "document.pdf"),
        ("C:\\Users\\me\\plan.docx", "plan.docx"),
        ('quote"s & <b>.txt', "quote_s_b.txt"),
    ],
)
def test_filenames_are_cleaned(raw, clean):
    assert clean_filename(raw) == clean


def test_a_refused_file_keeps_what_was_typed(staff_client, library):
    response = post(
        staff_client, library, "logo.svg", SVG, description="Signed by the third party."
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Top-up agreement template"' in page
    assert "Signed by the third party." in page
    assert "There is a problem" in page


def _hint(page, field="file"):
    start = page.index(f'id="id_{field}-hint"')
    return page[page.index(">", start) + 1 : page.index("</div>", start)]


def test_upload_page_states_the_allowed_types_and_the_cap(staff_client, library, settings):
    hint = _hint(staff_client.get(URL).content.decode())
    for extension in ALLOWED_EXTENSIONS:
        assert extension.upper() in hint, hint
    assert "Up to 25 MB" in hint
    settings.RESOURCES_MAX_UPLOAD_BYTES = 5 * 2**20
    assert "Up to 5 MB" in _hint(staff_client.get(URL).content.decode())


def _pdf_with_open_action():
    """A minimal PDF that asks the reader to run a script the moment it is opened."""
    objects = [
        "<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = io.BytesIO(b"%PDF-1.4\n")
    out.seek(0, 2)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode())
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


# PDF readers look for the header anywhere in the first kilobyte, so each of these is a PDF to
# a reader and something else (a web page, or noise) to anything that reads from byte 0.
POLYGLOTS = {
    "html-then-pdf": b"<html><body><script>alert(1)</script></body></html>\n"
    + samples.pdf(["hello"]),
    "junk-then-pdf": bytes(range(32, 132)) * 5 + samples.pdf(["hello"]),
}


@pytest.mark.parametrize("content", POLYGLOTS.values(), ids=POLYGLOTS.keys())
def test_a_pdf_with_anything_before_its_header_is_refused(staff_client, library, content):
    response = post(staff_client, library, "report.pdf", content)
    assert response.status_code == 400
    errors = response.context["form"].errors["file"]
    assert any("must start with %PDF-" in error for error in errors), errors
    assert not Resource.objects.exists()
    assert stored_files() == []


@pytest.mark.urls("tests.resources.urls_with_wagtaildocs")
def test_a_pdf_with_an_open_action_script_is_only_ever_served_as_an_attachment(
    staff_client, library
):
    content = _pdf_with_open_action()
    assert post(staff_client, library, "report.pdf", content).status_code == 302
    resource = Resource.objects.get()
    for url in (
        resource.download_url,
        reverse("resources:download_named", args=[resource.pk, resource.download_name]),
        reverse("resources:version_download", args=[resource.pk, 1]),
        reverse("wagtaildocs_serve", args=[resource.pk, resource.filename]),
    ):
        response = staff_client.get(url, follow=True)
        assert response.status_code == 200, url
        assert response["Content-Disposition"].startswith("attachment;"), url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert b"".join(response.streaming_content) == content, url
