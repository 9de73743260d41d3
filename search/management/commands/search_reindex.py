from django.core.management.base import BaseCommand

from search import registry


class Command(BaseCommand):
    help = "Rebuild every search entry from its source, and the Elasticsearch index if configured."

    def handle(self, *args, **options):
        removed = registry.reindex(stdout=self.stdout)
        self.stdout.write(f"Removed {removed} entries whose source has gone.")
        self.stdout.write(self.style.SUCCESS("Search entries rebuilt."))
