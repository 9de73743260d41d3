import tempfile
import zipfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Collection

from resources.importing import (
    ArchiveRefused,
    Importer,
    RowError,
    Summary,
    read_manifest,
    rows_from_folder,
    unpack_archive,
)


class Command(BaseCommand):
    help = (
        "Import a folder or a .zip of files as library documents. A manifest (CSV with a "
        "header, or JSON lines) gives file, title, description, kind, tags, organisation, date "
        "(YYYY, YYYY-MM or YYYY-MM-DD), collection. Files already in the library (same "
        "checksum) are skipped, so it is safe to run again. A file that cannot be taken is "
        "reported and the rest still come in; the exit status is non-zero only then."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, metavar="FOLDER_OR_ZIP")
        parser.add_argument(
            "--manifest",
            type=Path,
            help="CSV or JSON-lines file describing files (paths relative to the folder or zip).",
        )
        parser.add_argument(
            "--collection", help="Collection for rows that name none (default: the root)."
        )
        parser.add_argument(
            "--extract-now",
            action="store_true",
            help="Read each file's text now instead of queueing it for the worker.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check every file and row and list what would happen; store nothing.",
        )

    def handle(self, directory, manifest=None, collection=None, extract_now=False, **options):
        dry_run = options.get("dry_run", False)
        default = None
        if collection:
            default = Collection.objects.filter(name__iexact=collection).first()
            if default is None:
                raise CommandError(f"There is no collection called {collection!r}.")
        if directory.is_file() and zipfile.is_zipfile(directory):
            with tempfile.TemporaryDirectory(prefix="import-") as unpacked:
                try:
                    refused = unpack_archive(directory, Path(unpacked))
                except ArchiveRefused as error:
                    raise CommandError(str(error)) from error
                self._import(Path(unpacked), manifest, default, extract_now, dry_run, refused)
        elif directory.is_dir():
            self._import(directory, manifest, default, extract_now, dry_run, [])
        else:
            raise CommandError(f"{directory} is not a folder or a .zip archive.")

    def _import(self, directory, manifest, default, extract_now, dry_run, refused):
        try:
            rows = read_manifest(manifest) if manifest else rows_from_folder(directory)
        except (OSError, RowError) as error:
            raise CommandError(f"Cannot read the manifest: {error}") from error
        importer = Importer(directory, default_collection=default, extract_now=extract_now)
        summary = Summary(failed=list(refused))
        for name, reason in refused:
            self.stdout.write(f"{name}: refused: {reason}")
        total = len(rows)
        for number, row in enumerate(rows, start=1):
            name = str(row.get("file") or f"row {number}")
            outcome = self._row(importer, row, name, summary, dry_run)
            self.stdout.write(f"{self._bar(number, total)} {name}: {outcome}")
        self._report(summary, dry_run)
        if summary.failed:
            verb = "would be refused" if dry_run else "could not be imported"
            raise CommandError(f"{len(summary.failed)} file(s) {verb}.")

    def _row(self, importer, row, name, summary, dry_run):
        try:
            if dry_run:
                planned = importer.plan_row(row)
                outcome = "skipped" if planned.duplicate else "imported"
                resource, warnings = None, planned.warnings
            else:
                outcome, resource, warnings = importer.import_row(row)
        except RowError as error:
            summary.failed.append((name, str(error)))
            return f"{'would be ' if dry_run else ''}refused: {error}"
        (summary.imported if outcome == "imported" else summary.skipped).append(name)
        summary.warnings.extend((name, warning) for warning in warnings)
        if dry_run:
            text = "would import" if outcome == "imported" else "would skip (already in library)"
        else:
            text = outcome if outcome == "imported" else "skipped (already in the library)"
        if resource is not None and resource.extraction_status == resource.Extraction.FAILED:
            summary.unread.append((name, resource.extraction_reason))
            text += f" (text not read: {resource.extraction_reason})"
        return text + "".join(f"; warning: {warning}" for warning in warnings)

    def _bar(self, number, total, width=20):
        filled = width * number // max(total, 1)
        return f"[{'#' * filled}{'.' * (width - filled)}] {number}/{total}"

    def _report(self, summary, dry_run):
        if dry_run:
            self.stdout.write(
                f"Dry run: would import {len(summary.imported)}, skip {len(summary.skipped)} "
                f"already in the library, refuse {len(summary.failed)}. Nothing was stored."
            )
        else:
            self.stdout.write(
                f"Imported {len(summary.imported)}, skipped {len(summary.skipped)} already in "
                f"the library, failed {len(summary.failed)}."
            )
        rows = [
            ("would import" if dry_run else "imported", len(summary.imported)),
            ("already in the library", len(summary.skipped)),
            ("would be refused" if dry_run else "refused", len(summary.failed)),
            ("with a warning", len({name for name, _ in summary.warnings})),
        ]
        if not dry_run:
            rows.append(("imported, text not read", len(summary.unread)))
        width = max(len(label) for label, _ in rows)
        self.stdout.write("")
        self.stdout.write(f"{'outcome'.ljust(width)}  files")
        self.stdout.write(f"{'-' * width}  -----")
        for label, count in rows:
            self.stdout.write(f"{label.ljust(width)}  {count:>5}")
        for heading, entries in [
            ("Refused", summary.failed),
            ("Warnings", summary.warnings),
            ("Text not read (the file is kept and findable by its details)", summary.unread),
        ]:
            if entries:
                self.stdout.write(f"\n{heading}:")
                for name, reason in entries:
                    self.stdout.write(f"  {name}: {reason}")
