from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Collection

from resources.importing import Importer, RowError, Summary, read_manifest, rows_from_folder


class Command(BaseCommand):
    help = (
        "Import a folder of files as library documents. A manifest (CSV with a header, or JSON "
        "lines) gives file, title, description, kind, tags, organisation, date, collection. "
        "Files already in the library (same checksum) are skipped, so it is safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--manifest", type=Path, help="CSV or JSON-lines file describing files."
        )
        parser.add_argument(
            "--collection", help="Collection for rows that name none (default: the root)."
        )
        parser.add_argument(
            "--extract-now",
            action="store_true",
            help="Read each file's text now instead of queueing it for the worker.",
        )

    def handle(self, directory, manifest=None, collection=None, extract_now=False, **options):
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a folder.")
        default = None
        if collection:
            default = Collection.objects.filter(name__iexact=collection).first()
            if default is None:
                raise CommandError(f"There is no collection called {collection!r}.")
        try:
            rows = read_manifest(manifest) if manifest else rows_from_folder(directory)
        except (OSError, RowError) as error:
            raise CommandError(f"Cannot read the manifest: {error}") from error
        importer = Importer(directory, default_collection=default, extract_now=extract_now)
        summary = Summary()
        total = len(rows)
        for number, row in enumerate(rows, start=1):
            name = str(row.get("file") or f"row {number}")
            try:
                outcome, resource = importer.import_row(row)
            except RowError as error:
                summary.failed.append((name, str(error)))
                outcome = f"failed: {error}"
            else:
                (summary.imported if outcome == "imported" else summary.skipped).append(name)
                if resource.extraction_status == resource.Extraction.FAILED:
                    outcome += f" (text not read: {resource.extraction_reason})"
            self.stdout.write(f"{self._bar(number, total)} {name}: {outcome}")
        self._report(summary)
        if summary.failed:
            raise CommandError(f"{len(summary.failed)} file(s) could not be imported.")

    def _bar(self, number, total, width=20):
        filled = width * number // max(total, 1)
        return f"[{'#' * filled}{'.' * (width - filled)}] {number}/{total}"

    def _report(self, summary):
        self.stdout.write(
            f"Imported {len(summary.imported)}, skipped {len(summary.skipped)} already in the "
            f"library, failed {len(summary.failed)}."
        )
        for name, reason in summary.failed:
            self.stdout.write(f"  {name}: {reason}")
