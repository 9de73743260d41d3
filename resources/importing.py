"""Bulk import of a folder or a .zip of files (``manage.py import_resources``): one row per file.

Every row is judged on its own: a file the library cannot take is reported with its reason
and the rest still come in. A date that cannot be read is a warning, not a refusal: the file
comes in without one.
"""

from __future__ import annotations

import csv
import datetime
import json
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.core.exceptions import ValidationError
from wagtail.models import Collection

from hub.accounts.models import Organisation
from hub.tagging import clean_tag_names

from . import services
from .extraction import filetypes
from .models import Resource

FIELDS = ("file", "title", "description", "kind", "tags", "organisation", "date", "collection")

# What a .zip may hold. A real archive of council papers is far inside these; a zip bomb is not.
MAX_ARCHIVE_MEMBERS = 10_000
MAX_ARCHIVE_BYTES = 2 * 1024**3
# Deflate tops out near 1,000:1; real documents, even plain text, stay well under 100:1.
MAX_MEMBER_RATIO = 100
RATIO_CHECK_ABOVE = 1024**2

Precision = Resource.DatePrecision


class RowError(ValueError):
    """A manifest row or file that cannot be imported; the message goes in the summary."""


class ArchiveRefused(ValueError):
    """The whole .zip is refused (a bomb, or not a zip): nothing in it is imported."""


@dataclass
class Summary:
    imported: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    unread: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Planned:
    """A row checked and ready to store: what it will become, and anything worth a warning."""

    path: Path
    fields: dict
    warnings: list[str]
    checksum: str
    duplicate: bool


def read_manifest(path: Path) -> list[dict]:
    """Rows from a CSV (with a header) or JSON-lines manifest."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() in (".jsonl", ".json", ".ndjson"):
        rows = []
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except ValueError as error:
                    raise RowError(f"line {number} of the manifest is not JSON: {error}") from error
        return rows
    return list(csv.DictReader(text.splitlines()))


def rows_from_folder(directory: Path) -> list[dict]:
    return [
        {"file": str(p.relative_to(directory))}
        for p in sorted(directory.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(directory).parts)
    ]


def title_from_name(name: str) -> str:
    stem = Path(name).stem.replace("_", " ").replace("-", " ")
    return " ".join(stem.split()).capitalize() or "Untitled document"


_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def parse_date(value: str) -> tuple[datetime.date, str]:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as (date, precision); ValueError otherwise.

    A partial date is the first day of its month or year, and its precision says so.
    """
    match = _PARTIAL_DATE.fullmatch(value.strip())
    if match is None:
        raise ValueError(value)
    year, month, day = match.groups()
    precision = Precision.DAY if day else Precision.MONTH if month else Precision.YEAR
    return datetime.date(int(year), int(month or 1), int(day or 1)), precision


# --- Archives ------------------------------------------------------------------------------


def _member_problem(info: zipfile.ZipInfo) -> str | None:
    name = info.filename.replace("\\", "/")
    parts = PurePosixPath(name).parts
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return "the archive names it with an absolute path"
    if ".." in parts:
        return "the archive names it outside the archive (../)"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "it is a symbolic link"
    if info.file_size > RATIO_CHECK_ABOVE and info.file_size > MAX_MEMBER_RATIO * max(
        info.compress_size, 1
    ):
        return f"it unpacks to more than {MAX_MEMBER_RATIO} times its packed size (a zip bomb?)"
    return None


def unpack_archive(archive_path: Path, into: Path) -> list[tuple[str, str]]:
    """Unpack the safe members of a .zip into ``into``; (name, reason) for each one refused.

    The whole archive is refused (``ArchiveRefused``) when it is not a zip, holds too many
    members or unpacks to too much; single members are refused for traversal names, absolute
    paths, links and bomb-like ratios. Real bytes are counted while unpacking, so a header
    that understates a size cannot get past the cap.
    """
    try:
        archive = zipfile.ZipFile(archive_path)
    except (zipfile.BadZipFile, OSError) as error:
        raise ArchiveRefused(f"{archive_path.name} is not a readable .zip archive.") from error
    refused = []
    with archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
        if len(infos) > MAX_ARCHIVE_MEMBERS:
            raise ArchiveRefused(
                f"The archive holds more than {MAX_ARCHIVE_MEMBERS:,} files; it may be a zip bomb."
            )
        if sum(info.file_size for info in infos) > MAX_ARCHIVE_BYTES:
            raise ArchiveRefused(
                f"The archive unpacks to more than {MAX_ARCHIVE_BYTES // 1024**3} GB; "
                "it may be a zip bomb."
            )
        budget = MAX_ARCHIVE_BYTES
        for info in infos:
            problem = _member_problem(info)
            if problem:
                refused.append((info.filename, f"not unpacked: {problem}"))
                continue
            target = into.joinpath(*PurePosixPath(info.filename.replace("\\", "/")).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(info) as source, open(target, "wb") as out:
                    while chunk := source.read(1 << 20):
                        budget -= len(chunk)
                        if budget < 0:
                            raise ArchiveRefused(
                                "The archive unpacks to more than it declares; "
                                "it may be a zip bomb."
                            )
                        out.write(chunk)
            except (zipfile.BadZipFile, OSError, EOFError) as error:
                target.unlink(missing_ok=True)
                refused.append((info.filename, f"not unpacked: the archive is damaged ({error})"))
    return refused


# --- Rows ----------------------------------------------------------------------------------


class Importer:
    def __init__(self, directory: Path, *, default_collection=None, extract_now=False):
        self.directory = directory.resolve()
        self.default_collection = default_collection or Collection.get_first_root_node()
        self.extract_now = extract_now
        self.collections = {c.name.casefold(): c for c in Collection.objects.all()}
        self._planned_checksums = set()

    def plan_row(self, row: dict) -> Planned:
        """Check one row without storing anything: ``Planned``, or RowError with the reason."""
        path = self._path(row.get("file", ""))
        try:
            services.check_file(path, path.name)
            checksum, _ = services._digests(path)
        except filetypes.Rejected as error:
            raise RowError(str(error)) from error
        except OSError as error:
            raise RowError(f"the file cannot be read ({error.strerror or error})") from error
        duplicate = (
            checksum in self._planned_checksums
            or Resource.objects.filter(checksum=checksum).exists()
        )
        self._planned_checksums.add(checksum)
        warnings = []
        published_on, precision = self._date(row.get("date"), warnings)
        title = (row.get("title") or "").strip()[:255]
        fields = {
            # Without a title, the file name stands in until extraction reads the document's
            # own title from its properties.
            "title": title or title_from_name(path.name),
            "retitle": not title,
            "description": (row.get("description") or "").strip()[:2000],
            "kind": self._kind(row.get("kind")),
            "tags": self._tags(row.get("tags")),
            "organisation": self._organisation(row.get("organisation")),
            "published_on": published_on,
            "published_precision": precision,
            "collection": self._collection(row.get("collection")),
        }
        return Planned(path, fields, warnings, checksum, duplicate)

    def import_row(self, row: dict) -> tuple[str, Resource | None, list[str]]:
        """Import one row: ("imported" | "skipped", resource, warnings); RowError if bad."""
        planned = self.plan_row(row)
        existing = Resource.objects.filter(checksum=planned.checksum).first()
        if existing is not None:
            return "skipped", existing, planned.warnings
        try:
            resource = services.resource_create(
                path=planned.path,
                filename=planned.path.name,
                note="Imported",
                queue_extraction=not self.extract_now,
                **planned.fields,
            )
        except filetypes.Rejected as error:
            raise RowError(str(error)) from error
        except OSError as error:
            raise RowError(f"the file cannot be stored ({error.strerror or error})") from error
        if self.extract_now:
            retitle = planned.fields["retitle"]
            resource = services.extraction_run(resource.pk, retitle=retitle) or resource
        return "imported", resource, planned.warnings

    def _path(self, name):
        if not name:
            raise RowError("the row has no file")
        path = (self.directory / name).resolve()
        if not path.is_relative_to(self.directory):
            raise RowError("the file is outside the import folder")
        if not path.is_file():
            raise RowError(f"the manifest names {name}, which is not in the folder")
        return path

    def _kind(self, value):
        value = (value or "").strip().lower()
        if not value:
            return Resource.Kind.OTHER
        if value not in Resource.Kind.values:
            raise RowError(f"unknown kind {value!r} (use one of {', '.join(Resource.Kind.values)})")
        return value

    def _tags(self, value):
        names = value if isinstance(value, list) else (value or "").replace(";", ",").split(",")
        try:
            return clean_tag_names(names)
        except ValidationError as error:
            raise RowError(" ".join(error.messages)) from error

    def _organisation(self, value):
        value = (value or "").strip()
        if not value:
            return None
        found = Organisation.objects.filter(name__iexact=value).first() or (
            Organisation.objects.filter(slug=value).first()
        )
        if found is None:
            raise RowError(f"unknown organisation {value!r}")
        return found

    def _date(self, value, warnings):
        value = str(value or "").strip()
        if not value:
            return None, Precision.DAY
        try:
            return parse_date(value)
        except ValueError:
            warnings.append(
                f"the date {value!r} is not a real YYYY, YYYY-MM or YYYY-MM-DD date; "
                "imported without a date"
            )
            return None, Precision.DAY

    def _collection(self, value):
        value = (value or "").strip()
        if not value:
            return self.default_collection
        try:
            return self.collections[value.casefold()]
        except KeyError as error:
            raise RowError(f"unknown collection {value!r}") from error
