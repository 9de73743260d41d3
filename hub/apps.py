from django.apps import AppConfig
from django.db.models.signals import post_migrate


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = "Hub"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import activity, after_migrate, counters, page_cache, sites, worker

        page_cache.connect()
        sites.connect()
        worker.register_sweep(counters.delete_expired_counts)
        worker.register_sweep(activity.sweep)
        # Sent once per app: these run once, after the hub's own migrations.
        post_migrate.connect(after_migrate.make_cache_tables, sender=self)
        post_migrate.connect(after_migrate.default_site_follows_base_url, sender=self)
