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
        events.register_source(LearningEventPage.objects.all)
