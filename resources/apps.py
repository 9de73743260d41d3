from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = "Programme content and documents"
    default_auto_field = "django.db.models.BigAutoField"
