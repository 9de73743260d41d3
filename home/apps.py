from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Pages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from discussions import events
        from hub import demo

        from . import demo as pages_demo
        from . import signals
        from .models import LearningEventPage

        signals.connect()
        demo.register(pages_demo.load, order=20)
        # After the library's demo (30), whose collections the event materials go into.
        demo.register(pages_demo.load_event_materials, order=35)
        events.register_source(LearningEventPage.objects.all)
