from django.urls import path

from . import views
from .feeds import LatestThreadsFeed

app_name = "discussions"

urlpatterns = [
    path("", views.thread_list, name="list"),
    path("new/", views.thread_create, name="new"),
    path("similar/", views.similar, name="similar"),
    path("feed/", LatestThreadsFeed(), name="feed"),
    path("<int:pk>/", views.thread_detail, name="thread"),
    path("<int:pk>/reply/", views.reply_create, name="reply"),
    path("<int:pk>/edit/", views.thread_edit, name="edit"),
    path("<int:pk>/delete/", views.thread_delete, name="delete"),
    path("<int:pk>/accept/", views.answer_accept, name="accept"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/follow/", views.follow_thread, name="follow"),
    path("<int:pk>/moderate/", views.moderate_thread, name="moderate"),
    path("<int:pk>/replies/<int:reply_pk>/report/", views.report, name="reply_report"),
    path("<int:pk>/replies/<int:reply_pk>/history/", views.history, name="reply_history"),
    path("replies/<int:pk>/edit/", views.reply_edit, name="reply_edit"),
    path("replies/<int:pk>/delete/", views.reply_delete, name="reply_delete"),
    path("replies/<int:pk>/moderate/", views.moderate_reply, name="reply_moderate"),
    path("tags/merge/", views.merge_tags, name="merge_tags"),
    path("tags/<str:slug>/follow/", views.follow_tag, name="follow_tag"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
