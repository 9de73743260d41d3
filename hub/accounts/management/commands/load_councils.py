from django.core.management.base import BaseCommand, CommandError

from hub.accounts import councils


class Command(BaseCommand):
    help = (
        "Add every council in England with adult social care duties (2014–16) as an "
        "organisation, or bring existing ones up to date by ONS code. Safe to run again; "
        "trailblazer and deep-dive flags are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            default=str(councils.COUNCILS_FILE),
            help="A CSV with the columns ons_code, ons_area_name, name, region, email_domains "
            "(default: the list shipped with the hub).",
        )

    def handle(self, *args, file, **options):
        try:
            result = councils.councils_load(path=file)
        except FileNotFoundError as error:
            raise CommandError(f"No councils file at {file}.") from error
        except councils.CouncilFileError as error:
            raise CommandError(f"{error} Nothing was loaded.") from error
        self.stdout.write(
            f"Councils: {result.created} added, {result.updated} updated, "
            f"{result.unchanged} already up to date."
        )
