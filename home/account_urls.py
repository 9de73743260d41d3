"""The signed-in person's own page, at /account/."""

from django.urls import path

from hub.accounts.views import PasswordChangeView

from . import account, guidance_views

app_name = "account"

urlpatterns = [
    path("", account.account, name="home"),
    path("directory/", account.directory_choices, name="directory_choices"),
    path("password/", PasswordChangeView.as_view(), name="password_change"),
    path("follows/<int:pk>/unfollow/", account.unfollow, name="unfollow"),
    path("follows/<int:pk>/email/", account.follow_email, name="follow_email"),
    path("guidance/<int:page_id>/follow/", guidance_views.follow, name="guidance_follow"),
    path("guidance/<int:page_id>/unfollow/", guidance_views.unfollow, name="guidance_unfollow"),
    path(
        "guidance/unsubscribe/<str:token>/",
        guidance_views.unsubscribe,
        name="guidance_unsubscribe",
    ),
]
