from django.urls import path

from . import views

app_name = "returns"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.round_new, name="round_new"),
    path("<int:pk>/", views.round_detail, name="round"),
    path("<int:pk>/edit/", views.round_edit, name="round_edit"),
    path("<int:pk>/open/", views.round_open, name="round_open"),
    path("<int:pk>/summary/", views.summary_publish, name="summary_publish"),
    path("<int:pk>/export.csv", views.export_csv, name="export_csv"),
    path("<int:pk>/files.zip", views.export_files, name="export_files"),
    path("<int:pk>/sites/<int:site_id>/", views.site_return, name="site_return"),
    path("<int:pk>/sites/<int:site_id>/chase/", views.chase, name="chase"),
    path(
        "<int:pk>/sites/<int:site_id>/revisions/<int:number>/",
        views.revision,
        name="revision",
    ),
    path(
        "<int:pk>/sites/<int:site_id>/files/<int:file_id>/",
        views.download,
        name="download",
    ),
]
