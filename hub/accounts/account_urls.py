"""The signed-in person's own page, at /account/."""

from django.urls import path

from . import views

app_name = "account"

urlpatterns = [
    path("", views.account, name="home"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("follows/<int:pk>/unfollow/", views.unfollow, name="unfollow"),
    path("follows/<int:pk>/email/", views.follow_email, name="follow_email"),
]
