"""Machine-readable channels (feeds, the sitemap, the pages API), the readiness view, public
copies of restricted items (the promotion screen and its record), and the people and
organisations directory."""

from django.urls import include, path
from wagtail.contrib.sitemaps.views import sitemap

from . import feeds, organisations, people, readiness
from .api import api_router
from .promotion import views as promotion
from .sitemaps import PublicPagesSitemap

feed_patterns = (
    [
        path("news/", feeds.NewsFeed(), name="news"),
        path("news/atom/", feeds.NewsAtomFeed(), name="news_atom"),
        path("guidance/", feeds.GuidanceFeed(), name="guidance"),
        path("guidance/atom/", feeds.GuidanceAtomFeed(), name="guidance_atom"),
        path("events/", feeds.EventsFeed(), name="events"),
        path("events/atom/", feeds.EventsAtomFeed(), name="events_atom"),
        path("tags/<slug:slug>/", feeds.TagFeed(), name="tag"),
    ],
    "feeds",
)

urlpatterns = [
    path("feeds/", include(feed_patterns)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PublicPagesSitemap}}, name="sitemap"),
    path("api/v2/", api_router.urls),
    path("readiness/", readiness.readiness, name="readiness"),
    path("readiness/readiness.csv", readiness.readiness_csv, name="readiness_csv"),
    path("promote/<str:kind>/<int:pk>/", promotion.promote, name="promote"),
    path("promotions/", promotion.promotion_list, name="promotions"),
    path("promotions/<int:pk>/", promotion.promotion_detail, name="promotion"),
    path("people/", people.people, name="people"),
    path("people/<int:pk>/", people.person, name="person"),
    path("organisations/", organisations.organisation_list, name="organisations"),
    path("organisations/<slug:slug>/", organisations.organisation_detail, name="organisation"),
]
