from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "discussions"
    verbose_name = "Discussions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hub import navigation

        navigation.register("Discussions", "discussions:list", order=30)
