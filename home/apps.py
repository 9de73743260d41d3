from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Pages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from discussions import events
        from hub import demo, navigation, worker

        from . import demo as pages_demo
        from . import signals
        from .actions.reminders import send_reminders
        from .actions.selectors import action_text_of_thread
        from .models import LearningEventPage

        signals.connect()
        navigation.register("Organisations", "organisations", order=40)
        navigation.register(
            "People", "people", order=50, shown_to=lambda viewer: viewer.is_approved
        )
        demo.register(pages_demo.load, order=20)
        # After the library's demo (30), whose collections the event materials go into.
        demo.register(pages_demo.load_event_materials, order=35)
        events.register_source(LearningEventPage.objects.all)
        events.register_origin(action_text_of_thread)
        worker.register_sweep(send_reminders)
