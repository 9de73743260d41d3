"""Backup and restore: a site survives the round trip whole, and a restore that would lose data
or read a damaged archive is refused before anything changes.

The round trip restores into the test database itself, emptied after the backup: that is the
configured database the commands use, on SQLite and on PostgreSQL alike, so the same code path
runs as on a live site, search rebuild included.
"""

import hashlib
import io
import json
import shutil
import tarfile

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from wagtail.models import Collection, Page

from discussions.models import Thread
from hub import backup
from resources.models import Resource
from search import selectors
from tests.factories import UserFactory
from tests.factories.discussions import make_thread
from tests.factories.resources import make_resource
from tests.factories.search import publish_page

CANARY = "Kelpwater"
# Committed data, as on a live site: a SQLite backup cannot be taken inside the test's
# transaction. Migrations' rows (root page, groups) come back for each test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _build_site():
    editor = UserFactory(username="editor", is_superuser=True, is_staff=True)
    publish_page(f"{CANARY} guidance for councils", body_text=f"How {CANARY} pays care homes.")
    make_resource(
        collection=Collection.get_first_root_node(),
        title=f"{CANARY} returns template",
        text=f"Quarterly {CANARY} returns",
        extension="docx",
        user=editor,
    )
    make_thread(title=f"Paying {CANARY} homes by the month", tags=["payments"])
    return editor


def _site_state():
    """What a reader or an editor would notice, in a form that compares across databases."""

    def file_sha(resource):
        with default_storage.open(resource.file.name, "rb") as source:
            return hashlib.sha256(source.read()).hexdigest()

    editor = get_user_model().objects.get(username="editor")
    return {
        "pages": sorted(Page.objects.values_list("url_path", "title", "live")),
        "resources": sorted(
            (r.title, r.file.name, r.checksum, file_sha(r)) for r in Resource.objects.all()
        ),
        "threads": sorted(Thread.objects.values_list("title", "body", "author__username")),
        "users": sorted(get_user_model().objects.values_list("username", "email", "password")),
        "search": sorted(
            hit.title for hit in selectors.search(user=editor, text=CANARY).result.hits
        ),
    }


def _rewrite(source, target, change):
    """A copy of the archive with ``change(name, data)`` applied to each member (None drops it)."""
    with tarfile.open(source) as old, tarfile.open(target, "w:gz") as new:
        for member in old:
            data = change(member.name, old.extractfile(member).read())
            if data is not None:
                member.size = len(data)
                new.addfile(member, io.BytesIO(data))
    return target


def test_restore_refuses_a_site_with_content_unless_forced(tmp_path):
    archive = backup.backup_create(output=tmp_path / "site.tar.gz")
    UserFactory(username="newcomer")

    with pytest.raises(CommandError, match=r"not empty \(1 user.*--force"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert get_user_model().objects.filter(username="newcomer").exists()


def test_a_damaged_archive_is_refused_before_anything_changes(tmp_path):
    make_resource(collection=Collection.get_first_root_node(), title="Kept", text="original")
    archive = backup.backup_create(output=tmp_path / "site.tar.gz")
    resource = Resource.objects.get()
    UserFactory(username="newcomer")

    def flip_media(name, data):
        return data[:-1] + bytes([data[-1] ^ 1]) if name.startswith("media/") else data

    damaged = _rewrite(archive, tmp_path / "damaged.tar.gz", flip_media)
    with pytest.raises(backup.BackupError, match="is damaged: its checksum differs"):
        backup.backup_restore(path=damaged, force=True)

    unlisted = _rewrite(
        archive, tmp_path / "no-manifest.tar.gz", lambda n, d: None if n == "manifest.json" else d
    )
    with pytest.raises(CommandError, match="has no manifest.json"):
        call_command("restore", str(unlisted), "--force", stdout=io.StringIO())

    (tmp_path / "junk.tar.gz").write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="not a readable backup archive"):
        call_command("restore", str(tmp_path / "junk.tar.gz"), "--force", stdout=io.StringIO())

    assert get_user_model().objects.filter(username="newcomer").exists()
    with default_storage.open(resource.file.name, "rb") as source:
        assert hashlib.sha256(source.read()).hexdigest() == resource.checksum


def test_an_archive_from_another_kind_of_database_is_refused(tmp_path):
    archive = backup.backup_create(output=tmp_path / "site.tar.gz")
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def relabel(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["database"]["vendor"] = other
        return json.dumps(manifest).encode()

    foreign = _rewrite(archive, tmp_path / "foreign.tar.gz", relabel)
    with pytest.raises(CommandError, match=f"holds a {other} database.*same kind of database"):
        call_command("restore", str(foreign), "--force", stdout=io.StringIO())


def test_backup_will_not_overwrite_an_archive(tmp_path):
    existing = tmp_path / "site.tar.gz"
    existing.write_bytes(b"an earlier backup")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", "--output", str(existing), stdout=io.StringIO())
    assert existing.read_bytes() == b"an earlier backup"


@pytest.fixture
def _content_types_cached():
    """The restore empties the ContentType cache; the next test's reload of the migrations'
    rows looks content types up as it goes and would create them twice, so fill it again."""
    yield
    ContentType.objects.get_for_models(*apps.get_models())


def test_a_site_survives_backup_and_restore_into_an_empty_one(
    tmp_path, settings, _content_types_cached
):
    _build_site()
    before = _site_state()
    assert len(before["search"]) == 3  # page, resource and thread all answer
    archive = tmp_path / "site.tar.gz"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())

    with tarfile.open(archive) as opened:
        manifest = json.load(opened.extractfile("manifest.json"))
        names = set(opened.getnames())
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["migrations"]["wagtailcore"] > "0090"
    assert {entry["path"] for entry in manifest["files"]} | {"manifest.json"} == names
    resource = Resource.objects.get()
    assert f"media/{resource.file.name}" in names

    # A fresh target: no rows at all, no media.
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    assert backup.site_content() == []

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)

    assert _site_state() == before
    assert "Search entries rebuilt." in out.getvalue()
