"""Page previews of PDFs: drawn in the sandbox, kept per file version, shown only to those who
may download the file, and never half-stored."""

import io
import re
from unittest import mock

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.urls import reverse

from hub.accounts import roles
from resources import previews, services
from resources.extraction import samples, sandbox
from resources.models import Resource
from tests.factories.resources import make_resource, write_sample
from tests.privacy import MEMBERS, PUBLIC, areas_seen

PNG = b"\x89PNG\r\n\x1a\n"
CANARIES = {
    "public": "Openquill",
    "members": "Membermoss",
    "site": "Sitefennel",
    "evaluators": "Evalthorn",
    "steering": "Quillmarsh",
}
SEES = areas_seen(
    {
        "public": PUBLIC,
        "members": MEMBERS,
        "site": (roles.TRAILBLAZER_STAFF, roles.PROGRAMME_TEAM),
        "evaluators": (roles.EVALUATORS, roles.PROGRAMME_TEAM),
        "steering": (roles.STEERING_GROUP, roles.PROGRAMME_TEAM),
    }
)


@pytest.fixture
def pdfs(library):
    return {
        key: make_resource(
            collection=library[key], title=f"{word} report", text=word, extension="pdf"
        )
        for key, word in CANARIES.items()
    }


def pdf_resource(collection, pages, title="Long report"):
    path = write_sample("pdf", "")
    path.write_bytes(samples.pdf(pages))
    return services.resource_create(
        path=path,
        filename=f"{title}.pdf",
        title=title,
        collection=collection,
        user=None,
        queue_extraction=False,
    )


def stored_previews():
    """Every derived file in storage, as names under the previews folder."""
    found = []

    def walk(folder):
        folders, files = default_storage.listdir(folder)
        found.extend(f"{folder}/{name}" for name in files)
        for name in folders:
            walk(f"{folder}/{name}")

    if default_storage.exists(previews.PREFIX):
        walk(previews.PREFIX)
    return sorted(found)


def image_urls(page_html):
    return re.findall(r'<img class="hub-preview-pages__image" src="([^"]+)"', page_html)


@pytest.mark.parametrize("actor", SEES)
def test_each_actor_previews_exactly_the_pdfs_they_may_download(client, make_actor, pdfs, actor):
    user = make_actor(actor)
    if user is not None:
        client.force_login(user)
    for key, word in CANARIES.items():
        resource = pdfs[key]
        visible = key in SEES[actor]
        page = client.get(reverse("resources:preview", args=[resource.pk]))
        image = client.get(reverse("resources:preview_image", args=[resource.pk, 1]))
        download = client.get(resource.download_url)
        assert page.status_code == image.status_code == download.status_code, (actor, key)
        assert page.status_code == (200 if visible else 404), (actor, key)
        assert (word in page.content.decode()) == visible, (actor, key)
        if visible:
            assert image.content.startswith(PNG)


def test_outsiders_get_the_same_404_before_and_after_a_preview_is_drawn(client, make_actor, pdfs):
    resource = pdfs["steering"]
    client.force_login(make_actor("steering"))
    assert client.get(reverse("resources:preview", args=[resource.pk])).status_code == 200
    etag = client.get(reverse("resources:preview_image", args=[resource.pk, 1]))["ETag"]
    client.logout()
    client.force_login(make_actor("evaluator"))
    for url in (
        reverse("resources:preview", args=[resource.pk]),
        reverse("resources:preview_image", args=[resource.pk, 1]),
    ):
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 404
        assert b"Quillmarsh" not in response.content


def test_restricted_page_images_are_private_png_and_never_sniffed(client, make_actor, pdfs):
    resource = pdfs["steering"]
    client.force_login(make_actor("steering"))
    page = client.get(reverse("resources:preview", args=[resource.pk]))
    assert page["Cache-Control"] == "private, no-store"
    response = client.get(reverse("resources:preview_image", args=[resource.pk, 1]))
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    again = client.get(
        reverse("resources:preview_image", args=[resource.pk, 1]),
        HTTP_IF_NONE_MATCH=response["ETag"],
    )
    assert again.status_code == 304


def test_public_preview_shows_pages_with_alt_text_and_a_download(client, pdfs):
    resource = pdfs["public"]
    html = client.get(reverse("resources:preview", args=[resource.pk])).content.decode()
    assert 'alt="Page 1 of Openquill report"' in html
    assert reverse("resources:download", args=[resource.pk]) in html
    assert "Its one page, shown as a picture." in html
    [url] = image_urls(html)
    response = client.get(url)
    assert response.content.startswith(PNG)
    assert "no-store" not in response["Cache-Control"]
    # The original is still only ever a download.
    assert client.get(resource.download_url)["Content-Disposition"].startswith("attachment;")


def test_detail_links_to_the_preview_only_for_pdfs(client, library, pdfs):
    preview = reverse("resources:preview", args=[pdfs["public"].pk])
    assert preview in client.get(pdfs["public"].get_absolute_url()).content.decode()
    document = make_resource(collection=library["public"], title="Notes", extension="docx")
    assert "/preview/" not in client.get(document.get_absolute_url()).content.decode()
    assert client.get(reverse("resources:preview", args=[document.pk])).status_code == 404


def test_only_the_first_three_pages_are_drawn(client, library):
    resource = pdf_resource(library["public"], [f"Page {n}" for n in range(1, 6)])
    html = client.get(reverse("resources:preview", args=[resource.pk])).content.decode()
    assert "The first 3 of 5 pages" in html
    assert len(image_urls(html)) == 3
    assert client.get(reverse("resources:preview_image", args=[resource.pk, 4])).status_code == 404


def test_each_version_is_drawn_once_and_a_new_version_gets_new_pages(client, library, pdfs):
    resource = pdfs["public"]
    url = reverse("resources:preview", args=[resource.pk])
    with mock.patch.object(sandbox, "render", wraps=sandbox.render) as render:
        client.get(url)
        client.get(url)
        client.get(reverse("resources:preview_image", args=[resource.pk, 1]))
        assert render.call_count == 1
        first = client.get(reverse("resources:preview_image", args=[resource.pk, 1])).content

        path = write_sample("pdf", "Entirely different second edition")
        services.resource_add_version(
            resource=resource, path=path, filename="Openquill report.pdf", user=None
        )
        client.get(url)
        assert render.call_count == 2
    second = client.get(reverse("resources:preview_image", args=[resource.pk, 1])).content
    assert second.startswith(PNG)
    assert second != first


def test_a_pdf_that_cannot_be_drawn_says_so_and_stores_no_image(client, library):
    path = write_sample("pdf", "")
    path.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100)
    resource = services.resource_create(
        path=path, filename="Broken.pdf", title="Broken", collection=library["public"], user=None
    )
    url = reverse("resources:preview", args=[resource.pk])
    with mock.patch.object(sandbox, "render", wraps=sandbox.render) as render:
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "There is no preview of this document: The PDF cannot be opened" in html
        assert "You can still download it" in html
        assert image_urls(html) == []
        assert not [name for name in stored_previews() if name.endswith(".png")]
        # The same file would fail again: the outcome is remembered, not redrawn per request.
        client.get(url)
        assert render.call_count == 1
    assert client.get(reverse("resources:preview_image", args=[resource.pk, 1])).status_code == 404


def test_a_lost_renderer_is_not_remembered_as_a_broken_file(client, pdfs):
    resource = pdfs["public"]
    url = reverse("resources:preview", args=[resource.pk])
    lost = sandbox.Result(False, reason="The page renderer stopped unexpectedly.", retryable=True)
    with mock.patch.object(sandbox, "render", return_value=lost):
        assert "stopped unexpectedly" in client.get(url).content.decode()
    assert stored_previews() == []
    assert len(image_urls(client.get(url).content.decode())) == 1


def test_a_storage_failure_half_way_leaves_nothing_stored(client, library):
    resource = pdf_resource(library["public"], ["One", "Two", "Three"])
    url = reverse("resources:preview", args=[resource.pk])
    real_save = FileSystemStorage.save
    saved = []

    def full_after_one(storage, name, content, **kwargs):
        if name.startswith(previews.PREFIX) and saved:
            raise OSError(28, "No space left on device")
        result = real_save(storage, name, content, **kwargs)
        if name.startswith(previews.PREFIX):
            saved.append(result)
        return result

    with mock.patch.object(FileSystemStorage, "save", full_after_one):
        html = client.get(url).content.decode()
    assert saved  # one page was written before the disk filled
    assert "could not be stored at the moment" in html
    assert stored_previews() == []
    # Once there is room again the preview is drawn in full.
    assert len(image_urls(client.get(url).content.decode())) == 3


def test_a_cut_short_manifest_is_discarded_and_drawn_again(client, pdfs):
    resource = pdfs["public"]
    url = reverse("resources:preview", args=[resource.pk])
    client.get(url)
    manifest = f"{previews.PREFIX}/{resource.checksum}/manifest.json"
    default_storage.delete(manifest)
    default_storage.save(manifest, io.BytesIO(b'{"pages": [{"num'))
    assert len(image_urls(client.get(url).content.decode())) == 1


def test_the_renderer_keeps_the_sandbox_memory_limit(tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(samples.pdf(["One"]))
    assert sandbox.render(path, pages=1).images[0].startswith(PNG)
    starved = sandbox.render(path, pages=1, memory=40 * 1024 * 1024)
    assert not starved.ok
    assert "memory" in starved.reason


def test_every_pdf_in_the_demo_library_has_a_preview(client, db):
    from hub.accounts import demo as accounts_demo
    from hub.accounts.models import User
    from resources import demo as documents_demo

    out = io.StringIO()
    accounts_demo.load(stdout=out, password="demo-password-123")
    documents_demo.load(stdout=out, password="demo-password-123")
    client.force_login(User.objects.get(username="admin"))
    demo_pdfs = [r for r in Resource.objects.all() if previews.previewable(r)]
    assert len(demo_pdfs) >= 3
    for resource in demo_pdfs:
        html = client.get(reverse("resources:preview", args=[resource.pk])).content.decode()
        urls = image_urls(html)
        assert urls, resource.title
        assert f'alt="Page 1 of {resource.title}"' in html.replace("&#x27;", "'")
        for url in urls:
            assert client.get(url).content.startswith(PNG)


def test_when_two_requests_draw_at_once_one_preview_is_kept(client, pdfs):
    resource = pdfs["public"]
    real = sandbox.render

    def racing(path, **kwargs):
        result = real(path, **kwargs)
        with mock.patch.object(sandbox, "render", real):
            previews.preview_for(resource)  # another request stores its preview first
        return result

    with mock.patch.object(sandbox, "render", racing):
        html = client.get(reverse("resources:preview", args=[resource.pk])).content.decode()
    assert len(image_urls(html)) == 1
    folder = f"{previews.PREFIX}/{resource.checksum}"
    assert stored_previews() == [f"{folder}/manifest.json", f"{folder}/page-1.png"]


def test_the_preview_page_query_count(client, make_actor, pdfs, django_assert_max_num_queries):
    client.force_login(make_actor("steering"))
    url = reverse("resources:preview", args=[pdfs["steering"].pk])
    client.get(url)
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
