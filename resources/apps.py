from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = "Programme content and documents"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hub import navigation

        navigation.register("Resources", "resources:library", order=20)
