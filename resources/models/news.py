"""Programme news."""

import datetime

from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.forms import TaggedPageForm
from home.listing import choice_param, paginate, query_without_page
from home.pages import ChildRoutingMixin, visible_pages
from resources.blocks import ContentBlock


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "resources.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsIndexPage(ChildRoutingMixin, Page):
    search_kind = "page"  # the search facet it is counted under

    introduction = models.TextField(blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    child_model = "resources.NewsPage"
    child_select_related = ()
    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.NewsPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = visible_pages(request.user, NewsPage.objects.child_of(self))
        years = sorted({d.year for d in news.dates("date", "year")}, reverse=True)
        year = choice_param(request, "year", years)
        if year:
            news = news.filter(date__year=int(year))
        news = news.order_by("-date", "-pk")
        context.update(
            page_obj=paginate(request, news),
            years=years,
            current_year=year,
            query=query_without_page(request),
        )
        return context

    class Meta:
        verbose_name = "news index"


class NewsPage(Page):
    search_kind = "news"  # the search facet it is counted under

    date = models.DateField("news date", default=datetime.date.today)
    summary = models.CharField(max_length=300, help_text="Shown in listings, feeds and search.")
    body = StreamField(ContentBlock())
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True)

    base_form_class = TaggedPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    api_fields = [APIField("date"), APIField("summary"), APIField("body"), APIField("tags")]
    parent_page_types = ["resources.NewsIndexPage"]
    subpage_types = []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest"] = visible_pages(
            request.user, NewsPage.objects.exclude(pk=self.pk).order_by("-date", "-pk")
        )[:3]
        return context

    class Meta:
        verbose_name = "news item"
        verbose_name_plural = "news"
