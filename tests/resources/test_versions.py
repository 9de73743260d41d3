"""New versions keep the resource's id and address; history, old downloads and restore."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hub.accounts import roles
from resources.extraction.filetypes import ALLOWED_EXTENSIONS
from resources.models import Resource
from resources.signals import resource_text_changed
from tests.factories import UserFactory
from tests.factories.resources import make_resource


@pytest.fixture
def uploader(make_actor):
    return make_actor("trailblazer")


@pytest.fixture
def resource(library, uploader):
    return make_resource(
        collection=library["site"], title="Fees letter", text="Version one words", user=uploader
    )


def add_version(client, resource, content, name="fees-v2.txt", note="Updated fees"):
    return client.post(
        reverse("resources:add_version", args=[resource.pk]),
        {"file": SimpleUploadedFile(name, content), "note": note},
    )


def body(response):
    return b"".join(response.streaming_content)


def test_new_version_keeps_id_and_address(
    client, uploader, resource, django_capture_on_commit_callbacks
):
    client.force_login(uploader)
    received = []

    def listener(sender, instance, **kwargs):
        received.append(instance.pk)

    resource_text_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = add_version(client, resource, b"Version two words")
    finally:
        resource_text_changed.disconnect(listener)
    assert response.status_code == 302
    assert response["Location"] == resource.get_absolute_url()
    assert Resource.objects.count() == 1
    current = Resource.objects.get()
    assert current.pk == resource.pk
    assert body(client.get(resource.download_url)) == b"Version two words"
    assert current.extracted_text == "Version two words"
    assert current.download_name == "fees-v2.txt"
    assert resource.pk in received


def test_history_lists_versions_and_old_ones_download(client, uploader, resource, make_actor):
    client.force_login(uploader)
    add_version(client, resource, b"Version two words")
    page = client.get(resource.get_absolute_url()).content.decode()
    assert "Updated fees" in page
    assert "First version" in page
    assert uploader.display_name in page
    old = client.get(reverse("resources:version_download", args=[resource.pk, 1]))
    assert body(old).startswith(b"Version one")
    assert old["Cache-Control"] == "private, no-store"


def test_old_versions_are_hidden_from_those_who_may_not_see(client, resource, make_actor):
    url = reverse("resources:version_download", args=[resource.pk, 1])
    for actor in ("anonymous", "pending", "council_member", "evaluator"):
        user = make_actor(actor)
        if user:
            client.force_login(user)
        assert client.get(url).status_code == 404, actor
        assert client.get(reverse("resources:add_version", args=[resource.pk])).status_code in (
            302,
            403,
            404,
        )


def test_bad_new_version_is_refused_and_changes_nothing(client, uploader, resource):
    client.force_login(uploader)
    response = add_version(client, resource, b"<html><script>x</script></html>", name="v2.txt")
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert resource.versions.count() == 1
    assert body(client.get(resource.download_url)) == b"Version one words"


def test_a_new_version_over_the_cap_is_refused_as_too_large(client, uploader, resource, settings):
    settings.RESOURCES_MAX_UPLOAD_BYTES = 2000
    client.force_login(uploader)
    response = add_version(client, resource, b"a" * 2001)
    assert response.status_code == 413
    assert "larger than" in response.context["form"].errors["file"][0]
    assert 'value="Updated fees"' in response.content.decode()
    assert resource.versions.count() == 1


def test_new_version_form_states_the_allowed_types_and_the_cap(client, uploader, resource):
    client.force_login(uploader)
    page = client.get(reverse("resources:add_version", args=[resource.pk])).content.decode()
    start = page.index('id="id_file-hint"')
    hint = page[page.index(">", start) + 1 : page.index("</div>", start)]
    assert "keeps this document" in hint
    for extension in ALLOWED_EXTENSIONS:
        assert extension.upper() in hint, hint
    assert "Up to 25 MB" in hint


def test_other_trailblazer_cannot_replace_someone_elses_file(client, resource):
    client.force_login(UserFactory(roles=[roles.TRAILBLAZER_STAFF]))
    assert add_version(client, resource, b"hijack").status_code == 403
    assert resource.versions.count() == 1


def test_programme_team_restores_an_old_version(client, uploader, resource, make_actor):
    client.force_login(uploader)
    add_version(client, resource, b"Version two words")
    restore = reverse("resources:restore_version", args=[resource.pk, 1])
    assert client.post(restore).status_code == 403
    client.force_login(make_actor("programme_team"))
    assert client.get(restore).status_code == 405
    response = client.post(restore)
    assert response.status_code == 302
    assert body(client.get(resource.download_url)) == b"Version one words"
    numbers = list(resource.versions.values_list("number", "note"))
    assert numbers[0] == (3, "Restored version 1")


def test_new_version_uses_the_same_upload_checks_and_token_free_form(client, uploader, resource):
    client.force_login(uploader)
    response = client.post(
        reverse("resources:add_version", args=[resource.pk]),
        {"file": SimpleUploadedFile("../../evil.txt", b"fine words"), "token": str(uuid.uuid4())},
    )
    assert response.status_code == 302
    assert Resource.objects.get().download_name == "evil.txt"


def test_admin_upload_gets_a_version_checksum_and_text(
    client, make_actor, library, django_capture_on_commit_callbacks
):
    client.force_login(make_actor("superuser"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtaildocs:add"),
            {
                "title": "Admin upload",
                "file": SimpleUploadedFile("admin.txt", b"Uploaded by an editor"),
                "collection": library["public"].pk,
                "kind": "other",
            },
        )
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert resource.versions.get().note == "Uploaded in the admin"
    assert resource.content_type == "text/plain"
    assert len(resource.checksum) == 64
    assert resource.extracted_text == "Uploaded by an editor"
