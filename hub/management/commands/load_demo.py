from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hub import demo


class Command(BaseCommand):
    help = (
        "Load the demo organisations, users (one per role) and content. Safe to run again: "
        "it adds what is missing and changes nothing else. Users get HUB_DEMO_PASSWORD."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--show-password",
            action="store_true",
            help="Print the demo users' password (used by `make run`).",
        )

    def handle(self, *args, show_password=False, **options):
        password = settings.HUB_DEMO_PASSWORD
        try:
            with transaction.atomic():
                for load in demo.loaders():
                    load(stdout=self.stdout, password=password)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        if show_password:
            self.stdout.write(
                "Demo users: admin, editor, trailblazer, provider, member, evaluator, steering, "
                f"pending. Password: {password}"
            )
