"""Learning events: the programme's quarterly meetings, with agenda, materials and outcomes.

Each event has an iCalendar file (``<event>/ical/``) and the index has a calendar feed of every
public event (``<index>/calendar/``). The feed never contains restricted events, whoever asks.
"""

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.cache import patch_cache_control
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import ActionsBlock, AgendaBlock, BodyBlock, DocumentListBlock
from ..calendar import calendar_response
from ..forms import TaggedPageForm
from .base import (
    PUBLIC_MAX_AGE,
    IndexPage,
    SearchablePage,
    choice_param,
    day_words,
    public_pages,
    visible_documents,
)


class EventFormat(models.TextChoices):
    LEARNING_EVENT = "learning_event", "Quarterly learning event"
    WORKSHOP = "workshop", "Workshop"
    WEBINAR = "webinar", "Webinar"
    SITE_VISIT = "site_visit", "Site visit"


class LearningEventPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "home.LearningEventPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class LearningEventIndexPage(RoutablePageMixin, IndexPage):
    subpage_types = ["home.LearningEventPage"]

    def filter_children(self, request, pages):
        when = choice_param(request, "when", ["upcoming", "past"]) or "upcoming"
        fmt = choice_param(request, "format", EventFormat.values)
        if fmt:
            pages = pages.filter(event_format=fmt)
        now = timezone.now()
        if when == "past":
            pages = pages.filter(starts_at__lt=now).order_by("-starts_at")
        else:
            pages = pages.filter(starts_at__gte=now).order_by("starts_at")
        return pages, {
            "when": when,
            "formats": EventFormat.choices,
            "current_format": fmt,
            "calendar_url": self.url + self.reverse_subpage("calendar"),
        }

    @path("actions/", name="open_actions")
    def open_actions(self, request):
        """The programme team's list of every open action, overdue first."""
        from ..actions.views import open_actions  # see LearningEventPage.get_context

        return open_actions(request, self)

    @path("calendar/", name="calendar")
    def calendar(self, request):
        """Every public event, for calendar apps. Restricted events are never in it."""
        events = public_pages(self.children()).order_by("starts_at")
        response = calendar_response(request, events, filename="learning-events.ics")
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        return response

    class Meta:
        verbose_name = "learning events index"


class LearningEventPage(SearchablePage, RoutablePageMixin, Page):
    search_kind = "event"

    starts_at = models.DateTimeField("starts")
    ends_at = models.DateTimeField("ends", null=True, blank=True)
    event_format = models.CharField(
        "format", max_length=20, choices=EventFormat.choices, default=EventFormat.LEARNING_EVENT
    )
    venue = models.CharField(
        max_length=255, blank=True, help_text="Where it takes place. Leave blank if online only."
    )
    online = models.BooleanField(default=False, help_text="People can join online.")
    summary = models.CharField(max_length=300, help_text="Shown in listings, feeds and search.")
    body = StreamField(BodyBlock(), blank=True)
    agenda = StreamField(AgendaBlock(), blank=True)
    materials = StreamField(
        DocumentListBlock(), blank=True, help_text="Slides, notes and handouts from the event."
    )
    sites_attending = ParentalManyToManyField(
        "accounts.Organisation",
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "local_authority"},
    )
    outputs = StreamField(ActionsBlock(), blank=True, verbose_name="outputs and actions agreed")
    tags = ClusterTaggableManager(through=LearningEventPageTag, blank=True)

    base_form_class = TaggedPageForm
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("event_format"),
                FieldRowPanel([FieldPanel("venue"), FieldPanel("online")]),
            ],
            heading="When and where",
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("agenda"),
        FieldPanel("materials"),
        FieldPanel("sites_attending", widget=forms.CheckboxSelectMultiple),
        FieldPanel("outputs"),
        InlinePanel("actions", heading="Actions", label="action"),
        FieldPanel("tags"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("agenda"),
        index.SearchField("action_text"),
        index.FilterField("starts_at"),
    ]
    # Documents are left out: the API cannot filter a stream of documents per reader.
    api_fields = [
        APIField("starts_at"),
        APIField("ends_at"),
        APIField("event_format"),
        APIField("venue"),
        APIField("online"),
        APIField("summary"),
        APIField("body"),
        APIField("agenda"),
        APIField("outputs"),
    ]
    parent_page_types = ["home.LearningEventIndexPage"]
    subpage_types = []

    def search_date(self):
        return self.starts_at.date()

    def action_text(self):
        """The actions agreed and how they were closed: found by search with the event's
        audience, never apart from it."""
        return [
            part
            for action in self.actions.all()
            for part in (action.text, action.closing_note)
            if part
        ]

    def search_context(self):
        # Where and when it took place: a town or "March 2014" finds the event.
        return [part for part in (self.venue, day_words(self.starts_at)) if part]

    @property
    def is_past(self):
        return self.starts_at < timezone.now()

    @property
    def where(self):
        if self.venue and self.online:
            return f"{self.venue}, and online"
        return self.venue or ("Online" if self.online else "")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Imported here: the actions package reads these models, so it loads after them.
        from ..actions.views import actions_on_event

        context.update(
            actions=actions_on_event(request, self),
            documents=visible_documents(request.user, self.materials),
            sites=list(self.sites_attending.order_by("name")),
            ical_url=self.url + self.reverse_subpage("ical"),
        )
        return context

    @path("actions/<uuid:key>/discuss/", name="open_discussion")
    def open_discussion(self, request, key):
        """One click: the discussion of an action, opened with the event's audience."""
        from ..actions.views import open_discussion  # see get_context

        return open_discussion(request, self, key)

    @path("ical/", name="ical")
    def ical(self, request):
        # Served through Wagtail's page serving, so the page's own audience rules apply first.
        return calendar_response(request, [self], filename=f"{self.slug}.ics")

    class Meta:
        verbose_name = "learning event"
