"""The site root: what the hub is for, and what is new in it for this reader."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from discussions import selectors as discussions
from hub import sites
from hub.accounts import access
from resources import selectors as documents

from .base import SearchablePage
from .events import LearningEventPage
from .guidance import GuidancePage
from .news import NewsPage
from .practice import PracticeExamplePage


class HomePage(SearchablePage, Page):
    """The site root: what the hub is for, and what is new in it for this reader."""

    introduction = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="A sentence or two under the page title saying what the hub is for.",
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "home.ExpressionOfInterestPage",
        "home.GuidanceIndexPage",
        "home.LearningEventIndexPage",
        "home.PracticeExampleIndexPage",
        "home.TrailblazerSiteIndexPage",
        "home.NewsIndexPage",
        "home.PromotedIndexPage",
    ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        user = request.user
        context.update(
            latest_guidance=access.pages_visible_to(
                user, GuidancePage.objects.order_by("-effective_date", "-pk")
            )[:3],
            next_event=access.pages_visible_to(
                user,
                LearningEventPage.objects.filter(starts_at__gte=timezone.now()).order_by(
                    "starts_at"
                ),
            ).first(),
            recent_practice=access.pages_visible_to(
                user,
                PracticeExamplePage.objects.select_related("organisation").order_by(
                    "-first_published_at", "-pk"
                ),
            )[:3],
            latest_news=access.pages_visible_to(user, NewsPage.objects.order_by("-date", "-pk"))[
                :3
            ],
            latest_documents=documents.latest_resources(user=user, limit=3),
            active_threads=discussions.active_threads(user=user, limit=3),
        )
        return context

    def route(self, request, path_components):
        # The site's sections (this page's children) are kept per host under the content
        # generation, as the site and this page are (hub/sites.py): any change to a page raises
        # it. Routing to a section, or below one, then saves the two queries Wagtail makes to
        # find the section (as a plain page, then as its own type); when the generation has
        # just changed it costs the same two. Nothing here decides who may see a page:
        # restrictions are checked per request after routing, as always.
        if path_components and sites.keeps(request):
            section = self._section(request, path_components[0])
            if section is not None:
                return section.route(request, path_components[1:])
        return super().route(request, path_components)

    def _section(self, request, slug):
        """The child of this page with this slug, as its own type, or None."""

        def children():
            rows = self.get_children().values_list("slug", "pk", "content_type")
            return {child_slug: (pk, content_type) for child_slug, pk, content_type in rows}

        found = sites.kept(request, f"sections:{self.pk}", children).get(slug)
        if found is None:
            return None
        pk, content_type = found
        # A type whose model is gone is served as a plain page, as Wagtail's ``specific`` does.
        model = ContentType.objects.get_for_id(content_type).model_class() or Page

        def section():
            # None if it was deleted since the list was read: Wagtail's own routing answers.
            return next(iter(model.objects.filter(pk=pk)), None)

        return sites.kept(request, f"section:{pk}", section)

    class Meta:
        verbose_name = "home page"
