from django.apps import AppConfig, apps


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home and standard pages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()

        from discussions import events
        from hub import demo

        from . import demo as pages_demo

        demo.register(pages_demo.load, order=20)
        # moves with the page models
        learning_event_page = apps.get_model("resources", "LearningEventPage")
        events.register_source(learning_event_page.objects.all)
