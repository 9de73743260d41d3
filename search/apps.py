from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from search import handlers  # noqa: F401 (connects page and privacy signals)

        # Each app says how its own objects are searched, in its projections.py.
        autodiscover_modules("projections")

        from hub import demo, worker

        from . import alerts
        from . import demo as search_demo

        # Saved-search emails go out from the task worker too, not only from cron.
        worker.register_sweep(alerts.sweep)

        # Last: rebuilds search from everything the other loaders wrote.
        demo.register(search_demo.load, order=1000)
