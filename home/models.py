from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BodyBlock


class HomePage(Page):
    """The site root. What it shows grows as each part of the hub lands."""

    introduction = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="A sentence or two under the page title saying what the hub is for.",
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = "home page"


class StandardPage(Page):
    """About the programme, the evaluation, the steering group: any page of plain content."""

    summary = models.CharField(
        max_length=300, blank=True, help_text="One or two sentences, shown in listings and search."
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
