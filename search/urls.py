from django.urls import path

from search import alert_views, views

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("search/alerts/", alert_views.alert_list, name="search_alerts"),
    path("search/alerts/save/", alert_views.alert_save, name="search_alert_save"),
    path("search/alerts/<int:pk>/", alert_views.alert_change, name="search_alert_change"),
    path("search/alerts/<int:pk>/delete/", alert_views.alert_delete, name="search_alert_delete"),
    path(
        "search/alerts/unsubscribe/<str:token>/",
        alert_views.alert_unsubscribe,
        name="search_alert_unsubscribe",
    ),
    path("search/suggest/", views.suggest, name="search_suggest"),
    path("api/search/", views.search_api, name="search_api"),
    path("tags/", views.tag_index, name="tag_index"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag_detail"),
]
