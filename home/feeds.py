"""RSS and Atom feeds of news, guidance, learning events and tags.

Feed readers do not sign in, so every feed holds only what anyone may see: the same answer for
everyone, safe to cache, and never a restricted page however the request arrives.
"""

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import Http404
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from taggit.models import Tag
from wagtail.models import Page

from .models import (
    GuidancePage,
    GuidancePageTag,
    LearningEventPage,
    LearningEventPageTag,
    NewsPage,
    NewsPageTag,
    PracticeExamplePageTag,
)
from .models.base import PUBLIC_MAX_AGE, public_pages
from .text import strip_control

FEED_LENGTH = 20


class PageFeed(Feed):
    """A feed of public pages; titles and summaries are stripped of XML-breaking characters.

    Readers render a description as HTML, and summaries are plain text, so descriptions are
    HTML-escaped: a summary reading "<b>" shows those characters, not bold type.
    """

    description = ""

    def __call__(self, request, *args, **kwargs):
        self.request = request
        response = super().__call__(request, *args, **kwargs)
        # The same public answer for everyone, so shared caches may keep it for a while.
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        return response

    def pages(self, obj):
        raise NotImplementedError

    def items(self, obj=None):
        return public_pages(self.pages(obj))[:FEED_LENGTH]

    def item_title(self, item):
        return strip_control(item.title)

    def item_description(self, item):
        return escape(strip_control(getattr(item, "summary", "") or item.search_description))

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at


class NewsFeed(PageFeed):
    title = "Trailblazer Knowledge Hub: news"
    description = "Updates from the direct payments in residential care programme."
    link = "/"

    def pages(self, obj):
        return NewsPage.objects.order_by("-date", "-pk")


class GuidanceFeed(PageFeed):
    title = "Trailblazer Knowledge Hub: guidance"
    description = "Guidance for councils, care providers, and people and their families."
    link = "/"

    def pages(self, obj):
        return GuidancePage.objects.order_by("-last_published_at", "-pk")


class EventsFeed(PageFeed):
    title = "Trailblazer Knowledge Hub: learning events"
    description = "The programme's learning events, newest first."
    link = "/"

    def pages(self, obj):
        return LearningEventPage.objects.order_by("-starts_at", "-pk")


class TagFeed(PageFeed):
    """Public pages of every taggable kind carrying one tag."""

    link = "/"

    def get_object(self, request, slug):
        tag = Tag.objects.filter(slug=slug).first()
        # A tag used only on restricted pages is itself private: its name must not show.
        if tag is None or not public_pages(self.pages(tag)).exists():
            raise Http404("No such tag")
        return tag

    def title(self, obj):
        return strip_control(f"Trailblazer Knowledge Hub: tagged {obj.name}")

    def description(self, obj):
        return escape(strip_control(f"Pages tagged {obj.name}."))

    def pages(self, obj):
        tagged = Q()
        for through in (GuidancePageTag, LearningEventPageTag, NewsPageTag, PracticeExamplePageTag):
            tagged |= Q(pk__in=through.objects.filter(tag=obj).values("content_object_id"))
        return Page.objects.filter(tagged).order_by("-first_published_at", "-pk").specific()


class AtomMixin:
    feed_type = Atom1Feed
    subtitle = PageFeed.description


class NewsAtomFeed(AtomMixin, NewsFeed):
    subtitle = NewsFeed.description


class GuidanceAtomFeed(AtomMixin, GuidanceFeed):
    subtitle = GuidanceFeed.description


class EventsAtomFeed(AtomMixin, EventsFeed):
    subtitle = EventsFeed.description
