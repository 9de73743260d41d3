from django.core.management.base import BaseCommand, CommandError

from home import archive


class Command(BaseCommand):
    help = (
        "Write a static copy of everything public (pages, documents, discussions, a CSV per kind "
        "of content and a manifest with checksums) to DIR, readable from disk with no server."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="A new or empty folder.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace DIR's contents if it is not empty (only once the new pack is complete).",
        )

    def handle(self, *args, directory, force=False, **options):
        try:
            pack = archive.export_archive(directory, force=force, progress=self.stdout.write)
        except archive.ArchiveError as error:
            raise CommandError(str(error)) from error
        for skipped in pack.skipped:
            self.stderr.write(f"Left out: {skipped}")
        counts = pack.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"Archive written to {pack.root}: {counts['pages']} pages, "
                f"{counts['documents']} documents, {counts['threads']} threads. "
                f"Open {pack.root / 'index.html'}."
            )
        )
