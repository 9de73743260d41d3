from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    # Two configs live here: this one is what "hub.accounts" in INSTALLED_APPS means.
    default = True
    name = "hub.accounts"
    label = "accounts"
    verbose_name = "People and organisations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hub import demo

        from . import demo as accounts_demo
        from . import signals  # noqa: F401

        demo.register(accounts_demo.load, order=10)


class HubUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with the hub's organisation and approval fields on its forms."""

    user_viewset = "hub.accounts.viewsets.UserViewSet"
