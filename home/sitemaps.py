from django.contrib.auth.models import AnonymousUser
from wagtail.contrib.sitemaps import Sitemap

from hub.accounts import access


class PublicPagesSitemap(Sitemap):
    """Wagtail's sitemap, but only pages anyone may see, judged by the hub's access layer.

    No hub page type changes its sitemap entry, so plain pages do (one query, not one per type).
    """

    def items(self):
        pages = self.get_wagtail_site().root_page.get_descendants(inclusive=True)
        return access.pages_visible_to(AnonymousUser(), pages).order_by("path").defer_streamfields()
