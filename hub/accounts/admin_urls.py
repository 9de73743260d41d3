from django.urls import path

from . import admin_views

app_name = "accounts_admin"

urlpatterns = [
    path("", admin_views.queue, name="queue"),
    path("<int:pk>/approve/", admin_views.approve, name="approve"),
    path("<int:pk>/reject/", admin_views.reject, name="reject"),
]
