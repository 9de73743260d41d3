"""The whole site in one archive, and back: the database, every media file and a manifest.

The archive is a gzipped tar holding ``database.sqlite3`` or ``database.pgdump`` (a consistent
copy taken while the site runs), the media files under ``media/``, and ``manifest.json`` last,
written once every checksum is known. Restore reads the manifest and checks every file before it
touches anything, so a damaged or foreign archive changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump/pg_restore, with argument lists, never a shell
import tarfile
import tempfile
import tomllib
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.postgresql.client import DatabaseClient as PostgresClient
from django.db.migrations.recorder import MigrationRecorder
from wagtail.models import Page

from hub import page_cache
from hub.models import ContentGeneration

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# What members and editors make: a row of any one means the site is in use. Each app adds its
# own from its AppConfig.ready (``counts_as_content``): hub sits below the apps that define them.
_content_models: list = []
CHUNK = 1024 * 1024


def counts_as_content(*models) -> None:
    """A site holding a row of any of these models is in use: restore will not replace it
    without ``--force``."""
    _content_models.extend(model for model in models if model not in _content_models)


class BackupError(Exception):
    """A backup or restore refused or failed; the message says why, for the operator."""


def default_output() -> Path:
    return Path.cwd() / f"hub-backup-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.tar.gz"


# --- Backup ---------------------------------------------------------------------------------


def backup_create(*, output: Path | str | None = None, using=DEFAULT_DB_ALIAS) -> Path:
    """Write one archive of the site to ``output`` and return its path."""
    connection = connections[using]
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups of a {connection.vendor} database are not supported.")
    output = Path(output) if output else default_output()
    if output.exists():
        raise BackupError(f"{output} already exists; choose another --output.")
    partial = output.with_name(output.name + ".partial")
    files = []
    try:
        with tempfile.TemporaryDirectory() as work, tarfile.open(partial, "w:gz") as archive:
            database = Path(work) / DATABASE_FILES[connection.vendor]
            _dump_database(connection, database)
            with database.open("rb") as source:
                files.append(_add(archive, database.name, source, database.stat().st_size))
            for name in _media_names():
                with default_storage.open(name, "rb") as source:
                    arcname = f"{MEDIA}/{name}"
                    files.append(_add(archive, arcname, source, default_storage.size(name)))
            manifest = json.dumps(_manifest(connection, files), indent=2).encode()
            _add(archive, MANIFEST, _Reader(manifest), len(manifest))
        partial.rename(output)
    finally:
        partial.unlink(missing_ok=True)
    return output


def _dump_database(connection, target: Path) -> None:
    if connection.vendor == "sqlite":
        # The backup API copies a consistent snapshot page by page, WAL included, while other
        # processes go on writing; a file copy of a live WAL database can be torn.
        if connection.in_atomic_block:
            # The copy would wait for ever on this connection's own write lock.
            raise BackupError("A SQLite backup cannot be taken inside a transaction.")
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal
        finally:
            copy.close()
        return
    _run_pg(
        connection,
        "pg_dump",
        ["--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
    )


def _media_names(directory=""):
    """Every file in the default storage, as storage names, sorted."""
    try:
        folders, names = default_storage.listdir(directory)
    except FileNotFoundError:  # no media folder yet: nothing uploaded
        return
    for name in sorted(names):
        yield f"{directory}/{name}" if directory else name
    for folder in sorted(folders):
        yield from _media_names(f"{directory}/{folder}" if directory else folder)


def _add(archive: tarfile.TarFile, arcname: str, source, size: int) -> dict:
    """Stream one file into the archive, hashing it on the way; its manifest entry."""
    info = tarfile.TarInfo(arcname)
    info.size = size
    info.mtime = int(datetime.now(UTC).timestamp())
    info.mode = 0o644
    hashing = _Hashing(source)
    archive.addfile(info, hashing)
    return {"path": arcname, "size": size, "sha256": hashing.digest.hexdigest()}


class _Hashing:
    def __init__(self, source):
        self.source = source
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        data = self.source.read(size)
        self.digest.update(data)
        return data


class _Reader:
    def __init__(self, data: bytes):
        self.data = memoryview(data)
        self.position = 0

    def read(self, size=-1):
        end = len(self.data) if size < 0 else self.position + size
        chunk = bytes(self.data[self.position : end])
        self.position += len(chunk)
        return chunk


def _manifest(connection, files) -> dict:
    latest = {}
    # By name, not by date: migrate records a squashed migration last, after its successors.
    for app, name in MigrationRecorder(connection).migration_qs.values_list("app", "name"):
        latest[app] = max(latest.get(app, name), name)
    return {
        "format": FORMAT_VERSION,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": {"vendor": connection.vendor, "file": DATABASE_FILES[connection.vendor]},
        "versions": {
            "django": version("django"),
            "wagtail": version("wagtail"),
            "hub": _app_version(),
        },
        "migrations": dict(sorted(latest.items())),
        "files": files,
    }


def _app_version() -> str:
    # The project is run from its folder, not installed, so its version is in pyproject.toml.
    try:
        with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as source:
            return tomllib.load(source)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


# --- Restore --------------------------------------------------------------------------------


def backup_restore(*, path: Path | str, force=False, stdout=None, using=DEFAULT_DB_ALIAS) -> dict:
    """Replace the site's database and media with the archive at ``path``; its manifest.

    Refuses (``BackupError``) before changing anything if the archive is damaged, was made from
    another kind of database, or the site already has content and ``force`` is not set.
    """
    connection = connections[using]
    path = Path(path)
    say = stdout.write if stdout is not None else (lambda message: None)
    with _open_archive(path) as archive:
        manifest = _checked_manifest(archive, path, connection)
        say(f"Archive checked: {len(manifest['files'])} files, made {manifest['created_at']}.")
        if not force:
            found = site_content(using=using)
            if found:
                raise BackupError(
                    f"This site is not empty ({', '.join(found)}); restoring would replace it. "
                    "Run again with --force to replace it."
                )
        has_pages = ContentGeneration._meta.db_table in connection.introspection.table_names()
        stale = page_cache.generation() if has_pages else 0
        with tempfile.TemporaryDirectory() as work:
            database = Path(work) / manifest["database"]["file"]
            with (
                archive.extractfile(manifest["database"]["file"]) as source,
                database.open("wb") as target,
            ):
                shutil.copyfileobj(source, target, CHUNK)
            _load_database(connection, database)
        say("Database restored.")
        media = [entry["path"] for entry in manifest["files"] if _is_media(entry["path"])]
        for arcname in media:
            _restore_file(archive, arcname)
        say(f"{len(media)} media files restored.")
    ContentType.objects.clear_cache()  # ids may differ from those cached before
    page_cache.bump()
    if page_cache.generation() <= stale:
        # A copy cached before the restore must never pass for current.
        ContentGeneration.objects.update(value=stale + 1)
    call_command("search_reindex", stdout=stdout)
    return manifest


def _open_archive(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, "r:gz")
    except FileNotFoundError as error:
        raise BackupError(f"No archive at {path}.") from error
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"{path} is not a readable backup archive ({error}).") from error


def _checked_manifest(archive: tarfile.TarFile, path: Path, connection) -> dict:
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except KeyError as error:
        raise BackupError(f"{path} has no {MANIFEST}; it is not a hub backup.") from error
    except (tarfile.TarError, OSError, ValueError) as error:
        raise BackupError(f"The manifest in {path} cannot be read ({error}).") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise BackupError(
            f"{path} is in backup format {found!r}; this version restores format {FORMAT_VERSION}."
        )
    vendor = manifest.get("database", {}).get("vendor")
    if vendor != connection.vendor:
        raise BackupError(
            f"{path} holds a {vendor} database but this site is configured for "
            f"{connection.vendor}; restore it onto a site with the same kind of database."
        )
    expected = {entry["path"]: entry for entry in manifest.get("files", [])}
    if manifest["database"].get("file") not in expected:
        raise BackupError(f"The manifest in {path} lists no database file.")
    for arcname in expected:
        if arcname != manifest["database"]["file"] and not _is_media(arcname):
            raise BackupError(f"The manifest in {path} lists an unexpected file: {arcname!r}.")
    seen = set()
    try:
        for member in archive:
            if member.name == MANIFEST:
                continue
            entry = expected.get(member.name)
            if entry is None or not member.isfile():
                raise BackupError(
                    f"{path} holds {member.name!r}, which its manifest does not list."
                )
            digest = hashlib.sha256()
            with archive.extractfile(member) as source:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
            if member.size != entry["size"] or digest.hexdigest() != entry["sha256"]:
                raise BackupError(f"{member.name} in {path} is damaged: its checksum differs.")
            seen.add(member.name)
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"{path} is damaged and cannot be read to the end ({error}).") from error
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"{path} lacks files its manifest lists: {', '.join(missing[:5])}.")
    return manifest


def _is_media(arcname: str) -> bool:
    parts = PurePosixPath(arcname).parts
    return (
        len(parts) > 1 and parts[0] == MEDIA and ".." not in parts and not arcname.startswith("/")
    )


def site_content(*, using=DEFAULT_DB_ALIAS) -> list[str]:
    """What makes this site non-empty, e.g. ``["3 users", "2 threads"]``; empty if nothing.

    A fresh site, just migrated, has Wagtail's root page and one home page: those do not count.
    """
    # A database never migrated is as empty as one just migrated.
    tables = set(connections[using].introspection.table_names())
    pages = Page.objects.using(using)
    counts = [(get_user_model(), None), (Page, pages.filter(depth__gt=2))]
    counts += [(model, None) for model in _content_models]
    found = []
    for model, query in counts:
        if model._meta.db_table not in tables:
            continue
        count = (query if query is not None else model._default_manager.using(using)).count()
        if model is Page:
            count += max(0, pages.filter(depth=2).count() - 1)
        if count:
            name = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
            found.append(f"{count} {name}")
    return found


def _load_database(connection, source: Path) -> None:
    if connection.vendor == "sqlite":
        # Other connections of this process would keep reading the old pages; the backup API
        # then writes the archived database over the configured one, under its write lock.
        connections.close_all()
        connection.ensure_connection()
        archived = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            archived.backup(connection.connection)
        except sqlite3.Error as error:
            raise BackupError(f"The database could not be restored ({error}).") from error
        finally:
            archived.close()
        return
    connections.close_all()
    _run_pg(
        connection,
        "pg_restore",
        ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error"],
        source,
    )


def _restore_file(archive: tarfile.TarFile, arcname: str) -> None:
    name = arcname.removeprefix(f"{MEDIA}/")
    if default_storage.exists(name):
        default_storage.delete(name)
    with archive.extractfile(arcname) as source:
        saved = default_storage.save(name, File(source, name=name))
    if saved != name:
        raise BackupError(f"Media file {name} was stored as {saved}; references to it would break.")


# --- PostgreSQL client tools ----------------------------------------------------------------


def _run_pg(connection, tool: str, arguments: list[str], *files: Path) -> None:
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(
            f"{tool} was not found; install the PostgreSQL client tools "
            "(Debian: postgresql-client) in the server's major version."
        )
    settings_dict = connection.settings_dict
    # Django's own client settings give the password, service and SSL files as environment
    # variables (PGPASSWORD, ...), so no secret appears in the process list.
    _, env = PostgresClient.settings_to_cmd_args_env(settings_dict, [])
    command = [executable, *arguments]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            command.append(f"{flag}={settings_dict[key]}")
    command += [f"--dbname={settings_dict['NAME']}", *map(str, files)]
    result = subprocess.run(  # noqa: S603 - fixed executable and arguments, no shell
        command, env={**os.environ, **(env or {})}, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{tool} failed: {result.stderr.strip() or result.returncode}")
