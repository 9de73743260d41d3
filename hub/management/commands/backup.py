from django.core.management.base import BaseCommand, CommandError

from hub import backup


class Command(BaseCommand):
    help = (
        "Write the whole site (database, media files and a manifest with their checksums) to one "
        "archive, while the site runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="Archive to write (default: hub-backup-<UTC timestamp>.tar.gz here).",
        )

    def handle(self, *args, output=None, **options):
        try:
            path = backup.backup_create(output=output)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path}."))
