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

from hub.accounts import access

from ..blocks import BodyBlock
from ..forms import TaggedPageForm
from .base import IndexPage, SearchablePage, choice_param, day_words


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "home.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsIndexPage(IndexPage):
    subpage_types = ["home.NewsPage"]
    ordering = ("-date", "-pk")

    def filter_children(self, request, pages):
        years = sorted({d.year for d in pages.dates("date", "year")}, reverse=True)
        year = choice_param(request, "year", years)
        if year:
            pages = pages.filter(date__year=int(year))
        return pages.order_by(*self.ordering), {"years": years, "current_year": year}

    class Meta:
        verbose_name = "news index"


class NewsPage(SearchablePage, Page):
    search_kind = "news"

    date = models.DateField("news date", default=datetime.date.today)
    summary = models.CharField(max_length=300, help_text="Shown in listings, feeds and search.")
    body = StreamField(BodyBlock())
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
    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []

    def search_date(self):
        return self.date

    def search_context(self):
        return [day_words(self.date)]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest"] = access.pages_visible_to(
            request.user, NewsPage.objects.exclude(pk=self.pk).order_by("-date", "-pk")
        )[:3]
        return context

    class Meta:
        verbose_name = "news item"
        verbose_name_plural = "news"
