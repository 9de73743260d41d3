from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "hub.returns"
    label = "returns"
    verbose_name = "Returns"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hub import demo, navigation, worker
        from hub.accounts import roles

        from . import demo as returns_demo
        from .reminders import send_reminders

        # After the accounts' demo (10): the round goes to the demo trailblazer's council.
        demo.register(returns_demo.load, order=50)
        # Evaluators and trailblazer staff; what each may open is decided by the views.
        navigation.register(
            "Returns",
            "returns:index",
            order=60,
            shown_to=lambda viewer: (
                viewer.is_superuser
                or bool({roles.EVALUATORS, roles.TRAILBLAZER_STAFF} & viewer.group_names)
            ),
        )
        worker.register_sweep(send_reminders)
