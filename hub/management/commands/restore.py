from django.core.management.base import BaseCommand, CommandError

from hub import backup


class Command(BaseCommand):
    help = (
        "Restore a backup archive onto this site: checks it whole first, refuses a site that "
        "already has content unless --force, then rebuilds search."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="An archive written by `manage.py backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the site's users, pages, resources and threads with the archive's.",
        )

    def handle(self, *args, archive, force=False, **options):
        try:
            manifest = backup.backup_restore(path=archive, force=force, stdout=self.stdout)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Restored the backup made {manifest['created_at']} from {archive}.")
        )
