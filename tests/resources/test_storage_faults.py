"""A full or read-only media folder: a clear 507 or 503, no partial file, nothing half-stored.

A real full disk cannot be made safely on a shared machine, so the storage is made to fail the
way one does: it writes part of the file, then the next write raises ENOSPC. A read-only folder
is made for real where the tests can feel it (not as root, who may write anywhere) and
simulated otherwise.
"""

import errno
import os

import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage

from resources.models import Resource, ResourceVersion
from tests.resources.test_upload import post, stored_files
from tests.resources.test_versions import add_version

CONTENT = b"Fees and top-ups for the third party, agreed with the family. " * 4000


class _FillsUp:
    """A file that takes ``room`` bytes, then fails as a full disk does."""

    def __init__(self, handle, room):
        self.handle, self.room = handle, room

    def write(self, data):
        if len(data) > self.room:
            self.handle.write(data[: self.room])
            self.handle.flush()
            self.room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return self.handle.write(data)

    def __getattr__(self, name):
        return getattr(self.handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()


ROOM = 100_000


@pytest.fixture
def full_disk(monkeypatch):
    """Media storage with room for 100 kB per file, however the file is written (saved whole or
    opened for writing); records which files were written in part."""
    opened, saved = FileSystemStorage.open, FileSystemStorage._save
    partial = []

    def open_(self, name, mode="rb"):
        handle = opened(self, name, mode)
        if "w" not in mode:
            return handle
        partial.append(self.path(name))
        return _FillsUp(handle, ROOM)

    def save(self, name, content):
        if content.size <= ROOM:
            return saved(self, name, content)
        name = self.get_available_name(name)
        os.makedirs(os.path.dirname(self.path(name)), exist_ok=True)
        partial.append(self.path(name))
        with _FillsUp(open(self.path(name), "xb"), ROOM) as target:  # noqa: SIM115
            for chunk in content.chunks():
                target.write(chunk)
        return name

    monkeypatch.setattr(FileSystemStorage, "open", open_)
    monkeypatch.setattr(FileSystemStorage, "_save", save)
    return partial


def _read_only(monkeypatch, code):
    def refuse(self, name, content):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(FileSystemStorage, "_save", refuse)


@pytest.fixture
def staff_client(client, make_actor):
    client.force_login(make_actor("trailblazer"))
    return client


def _nothing_stored():
    return not Resource.objects.exists() and not ResourceVersion.objects.exists()


def test_a_full_disk_on_upload_is_a_507_with_no_trace(staff_client, library, full_disk):
    response = post(staff_client, library, "fees.txt", CONTENT)
    assert response.status_code == 507
    assert "Your file was not stored" in response.text
    assert "library is full" in response.text
    assert full_disk, "the upload never reached the storage"
    assert stored_files() == []
    assert _nothing_stored()


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_a_read_only_media_folder_on_upload_is_a_503(staff_client, library, monkeypatch, code):
    _read_only(monkeypatch, code)
    response = post(staff_client, library, "fees.txt", CONTENT)
    assert response.status_code == 503
    assert "cannot store files at the moment" in response.text
    assert stored_files() == []
    assert _nothing_stored()


def test_a_real_read_only_media_folder_on_upload_is_a_503(staff_client, library):
    root = settings.MEDIA_ROOT
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o555)
    try:
        if os.access(root, os.W_OK):
            pytest.skip("running as root, who may write to a read-only folder")
        response = post(staff_client, library, "fees.txt", CONTENT)
        assert response.status_code == 503
        assert _nothing_stored()
    finally:
        root.chmod(0o755)
    assert stored_files() == []


@pytest.fixture
def resource(library, make_actor):
    from tests.factories.resources import make_resource

    uploader = make_actor("trailblazer")
    return make_resource(
        collection=library["site"], title="Fees letter", text="Version one words", user=uploader
    ), uploader


def test_a_full_disk_on_a_new_version_keeps_the_current_one(client, resource, full_disk):
    resource, uploader = resource
    before = stored_files()
    client.force_login(uploader)
    response = add_version(client, resource, CONTENT)
    assert response.status_code == 507
    assert stored_files() == before
    resource.refresh_from_db()
    assert resource.versions.count() == 1
    assert resource.file.name == resource.versions.get().file.name
    assert resource.file.read() == b"Version one words"


def test_a_read_only_folder_on_a_new_version_is_a_503(client, resource, monkeypatch):
    resource, uploader = resource
    client.force_login(uploader)
    _read_only(monkeypatch, errno.EROFS)
    assert add_version(client, resource, CONTENT).status_code == 503
    assert resource.versions.count() == 1


def test_other_storage_errors_are_not_dressed_up(staff_client, library, monkeypatch):
    _read_only(monkeypatch, errno.EIO)
    with pytest.raises(OSError, match="Input/output"):
        post(staff_client, library, "fees.txt", CONTENT)
    assert _nothing_stored()
