from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class EmailOrUsernameBackend(ModelBackend):
    """Sign in with a username or an email address (case-insensitive)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and "@" in username:
            user_model = get_user_model()
            user = user_model._default_manager.filter(email__iexact=username.strip()).first()
            if user is None:
                # Spend the same time as a real check, so timing does not reveal accounts.
                user_model().set_password(password)
                return None
            username = user.get_username()
        return super().authenticate(request, username=username, password=password, **kwargs)
