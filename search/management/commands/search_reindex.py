from django.core.management.base import BaseCommand
from django.db import connection

from search import registry
from search.engines import external_index


class Command(BaseCommand):
    help = "Rebuild every search entry from its source, and the Elasticsearch index if configured."

    def handle(self, *args, **options):
        removed = registry.rebuild(stdout=self.stdout)
        self.stdout.write(f"Removed {removed} entries whose source has gone.")
        with connection.cursor() as cursor:
            # Fresh statistics let the database look matches up through the covering index
            # (SQLite never gathers them by itself).
            cursor.execute("ANALYZE search_searchentry")
        index = external_index()
        if index is not None:
            name = index.rebuild()
            self.stdout.write(f"Elasticsearch index {name} built and now live.")
        self.stdout.write(self.style.SUCCESS("Search entries rebuilt."))
