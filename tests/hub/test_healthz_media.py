"""/healthz says when uploads cannot be stored, and leaves nothing behind when they can."""

import errno
import os

import pytest
from django.core.files.storage import FileSystemStorage


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _files(root):
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_writable_media_is_ok_and_the_probe_is_removed(client, db, _media):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["media"] == "ok"
    assert _files(_media) == []


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES, errno.ENOSPC])
def test_unwritable_media_is_reported_without_failing_the_check(client, db, monkeypatch, code):
    def refuse(self, name, content):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(FileSystemStorage, "_save", refuse)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "media": "not writable"}


def test_a_read_only_media_folder_is_reported(client, db, _media):
    _media.mkdir(parents=True)
    _media.chmod(0o555)
    try:
        if os.access(_media, os.W_OK):
            pytest.skip("running as root, who may write to a read-only folder")
        assert client.get("/healthz").json()["media"] == "not writable"
    finally:
        _media.chmod(0o755)
