from importlib import import_module

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# Each part of the hub loads its own demo content, in this order (later parts use earlier ones).
DEMO_MODULES = [
    "hub.accounts.demo",
    "home.demo",
    "resources.demo_documents",
    "discussions.demo",
    "search.demo",  # last: indexes what the modules above wrote
]


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
                for path in DEMO_MODULES:
                    import_module(path).load(stdout=self.stdout, password=password)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        if show_password:
            self.stdout.write(
                "Demo users: admin, editor, trailblazer, provider, member, evaluator, steering, "
                f"pending. Password: {password}"
            )
