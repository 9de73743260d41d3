from django.urls import path

from . import views

app_name = "resources"

urlpatterns = [
    path("", views.library, name="library"),
    path("upload/", views.upload, name="upload"),
    path("review/", views.review_queue, name="review_queue"),
    path("<int:pk>/review/", views.review_decide, name="review_decide"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/preview/", views.preview, name="preview"),
    path("<int:pk>/preview/<int:number>.png", views.preview_image, name="preview_image"),
    path("<int:pk>/download/", views.download, name="download"),
    path("<int:pk>/download/<str:filename>", views.download, name="download_named"),
    path("<int:pk>/versions/new/", views.add_version, name="add_version"),
    path(
        "<int:pk>/versions/<int:number>/download/",
        views.version_download,
        name="version_download",
    ),
    path("<int:pk>/versions/<int:number>/restore/", views.restore_version, name="restore_version"),
]
