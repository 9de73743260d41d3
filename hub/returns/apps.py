from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "hub.returns"
    label = "returns"
    verbose_name = "Returns"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hub import demo, worker

        from . import demo as returns_demo
        from .reminders import send_reminders

        # After the accounts' demo (10): the round goes to the demo trailblazer's council.
        demo.register(returns_demo.load, order=50)
        worker.register_sweep(send_reminders)
