"""Trailblazer site profiles: one page per council, with its documents and practice collected
automatically (each filtered for the reader by the access layer)."""

from django import forms
from django.db import models
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from discussions.selectors import active_threads
from hub.accounts import access

from ..blocks import BodyBlock, ProgressBlock
from .base import IndexPage, SearchablePage, choice_param
from .practice import PracticeExamplePage


class TrailblazerSiteIndexPage(IndexPage):
    subpage_types = ["home.TrailblazerSitePage"]
    child_select_related = ("council",)
    ordering = ("council__name", "title")

    def filter_children(self, request, pages):
        show = choice_param(request, "show", ["deep_dive"])
        if show:
            pages = pages.filter(council__is_deep_dive=True)
        return pages.order_by(*self.ordering), {"current_show": show}

    class Meta:
        verbose_name = "trailblazer sites index"


class TrailblazerSitePage(SearchablePage, Page):
    search_kind = "site"

    council = models.OneToOneField(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="site_page",
        limit_choices_to={"is_trailblazer": True},
        help_text="Whether it is a deep-dive site is set on the organisation.",
    )
    summary = models.CharField(max_length=300, help_text="Shown in listings and search.")
    local_lead = models.CharField(
        max_length=200, blank=True, help_text="The site's project lead (name or role)."
    )
    providers_involved = ParentalManyToManyField(
        "accounts.Organisation",
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "care_provider"},
    )
    other_providers = RichTextField(
        blank=True,
        features=["ul", "bold", "link"],
        help_text="Providers taking part that are not members of the hub.",
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name="about the site")
    progress = StreamField(ProgressBlock(), blank=True, verbose_name="progress updates")

    content_panels = [
        *Page.content_panels,
        FieldPanel("council"),
        FieldPanel("summary"),
        FieldPanel("local_lead"),
        FieldPanel("providers_involved", widget=forms.CheckboxSelectMultiple),
        FieldPanel("other_providers"),
        FieldPanel("body"),
        FieldPanel("progress"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("progress"),
    ]
    api_fields = [
        APIField("council"),
        APIField("summary"),
        APIField("local_lead"),
        APIField("body"),
        APIField("progress"),
    ]
    parent_page_types = ["home.TrailblazerSiteIndexPage"]
    subpage_types = []

    def search_organisation(self):
        return self.council

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        user = request.user
        documents = access.documents_visible_to(
            user,
            get_document_model()
            .objects.filter(organisation_id=self.council_id)
            .order_by("-published_on", "-created_at"),
        )
        examples = access.pages_visible_to(
            user,
            PracticeExamplePage.objects.filter(organisation_id=self.council_id).order_by(
                "-first_published_at"
            ),
        )
        from ..actions.selectors import open_actions  # it reads these models: loads after them

        context.update(
            actions=open_actions(user=user, organisation=self.council_id),
            threads=active_threads(user=user, organisation=self.council_id, limit=10),
            documents=documents[:10],
            examples=examples[:10],
            providers=list(self.providers_involved.order_by("name")),
        )
        return context

    class Meta:
        verbose_name = "trailblazer site"
