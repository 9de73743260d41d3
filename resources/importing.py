"""Bulk import of a folder of files (``manage.py import_resources``): one row per file."""

from __future__ import annotations

import csv
import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from wagtail.models import Collection

from hub.accounts.models import Organisation
from hub.tagging import clean_tag_names

from . import services
from .extraction import filetypes
from .models import Resource

FIELDS = ("file", "title", "description", "kind", "tags", "organisation", "date", "collection")


class RowError(ValueError):
    """A manifest row or file that cannot be imported; the message goes in the summary."""


@dataclass
class Summary:
    imported: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


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


class Importer:
    def __init__(self, directory: Path, *, default_collection=None, extract_now=False):
        self.directory = directory.resolve()
        self.default_collection = default_collection or Collection.get_first_root_node()
        self.extract_now = extract_now
        self.collections = {c.name.casefold(): c for c in Collection.objects.all()}

    def import_row(self, row: dict) -> tuple[str, Resource | None]:
        """Import one row: ("imported", resource) or ("skipped", existing); RowError if bad."""
        path = self._path(row.get("file", ""))
        checksum, _ = services._digests(path)
        existing = Resource.objects.filter(checksum=checksum).first()
        if existing is not None:
            return "skipped", existing
        title = (row.get("title") or "").strip()[:255]
        try:
            resource = services.resource_create(
                path=path,
                filename=path.name,
                # Without a title, the file name stands in until extraction reads the
                # document's own title from its properties.
                title=title or title_from_name(path.name),
                retitle=not title,
                description=(row.get("description") or "").strip()[:2000],
                kind=self._kind(row.get("kind")),
                tags=self._tags(row.get("tags")),
                organisation=self._organisation(row.get("organisation")),
                published_on=self._date(row.get("date")),
                collection=self._collection(row.get("collection")),
                note="Imported",
                queue_extraction=not self.extract_now,
            )
        except filetypes.Rejected as error:
            raise RowError(str(error)) from error
        if self.extract_now:
            resource = services.extraction_run(resource.pk, retitle=not title) or resource
        return "imported", resource

    def _path(self, name):
        if not name:
            raise RowError("the row has no file")
        path = (self.directory / name).resolve()
        if not path.is_relative_to(self.directory):
            raise RowError("the file is outside the import folder")
        if not path.is_file():
            raise RowError("the file does not exist")
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

    def _date(self, value):
        value = (value or "").strip()
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError as error:
            raise RowError(f"the date {value!r} is not YYYY-MM-DD") from error

    def _collection(self, value):
        value = (value or "").strip()
        if not value:
            return self.default_collection
        try:
            return self.collections[value.casefold()]
        except KeyError as error:
            raise RowError(f"unknown collection {value!r}") from error
