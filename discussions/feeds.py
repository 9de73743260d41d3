from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy

from .selectors import threads_visible_to
from .text import feed_excerpt


class LatestThreadsFeed(Feed):
    """Newest public questions. Feed readers never sign in, so the feed is built for an
    anonymous visitor whoever asks: restricted threads cannot end up in a shared reader."""

    title = "Trailblazer Knowledge Hub: new discussions"
    link = reverse_lazy("discussions:list")
    description = "New public questions about direct payments in residential care."

    def items(self):
        return (
            threads_visible_to(user=None)
            .filter(is_deleted=False)
            .select_related("author")
            .order_by("-created_at")[:20]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return feed_excerpt(item.body_html, limit=300)

    def item_pubdate(self, item):
        return item.created_at

    def item_author_name(self, item):
        return item.author.display_name if item.author else None
