"""Practice examples: what one trailblazer site tried, how it went, and what others can reuse."""

from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from hub.accounts import access
from hub.accounts.models import Organisation

from ..blocks import BodyBlock, DocumentListBlock
from ..forms import TaggedPageForm
from .base import IndexPage, SearchablePage, choice_param, visible_documents

TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class PracticeTheme(models.TextChoices):
    TOP_UPS = "top_ups", "Top-ups and third-party payments"
    CONTRACTS = "contracts", "Contracts with care homes"
    PAYMENTS = "payments", "Paying and monitoring the money"
    INFORMATION = "information", "Information and advice"
    PLANNING = "planning", "Assessment and support planning"
    PROVIDERS = "providers", "Working with providers"


class PracticeExamplePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "home.PracticeExamplePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class PracticeExampleIndexPage(RoutablePageMixin, IndexPage):
    subpage_types = ["home.PracticeExamplePage"]
    child_select_related = ("organisation",)
    child_tag_model = PracticeExamplePageTag

    def filter_children(self, request, pages):
        sites = list(Organisation.objects.filter(is_trailblazer=True).order_by("name"))
        theme = choice_param(request, "theme", PracticeTheme.values)
        site = choice_param(request, "site", [s.slug for s in sites])
        if theme:
            pages = pages.filter(theme=theme)
        if site:
            pages = pages.filter(organisation__slug=site)
        return pages.order_by(*self.ordering), {
            "themes": PracticeTheme.choices,
            "sites": sites,
            "current_theme": theme,
            "current_site": site,
            # Only trailblazer staff may send one in; the form says so to any other member.
            "may_send": access.viewer_for(request.user).is_approved,
        }

    @path("submit/", name="practice_submit")
    def submit(self, request):
        """Trailblazer staff send in a practice example for review."""
        from ..practice_submit import submit_view  # the view imports this module

        return submit_view(request, self)

    @path("submit/sent/", name="practice_submitted")
    def submitted(self, request):
        from ..practice_submit import submitted_view

        return submitted_view(request, self)

    class Meta:
        verbose_name = "practice examples index"


class PracticeExamplePage(SearchablePage, Page):
    search_kind = "practice"

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="site",
        limit_choices_to={"is_trailblazer": True},
    )
    theme = models.CharField(max_length=20, choices=PracticeTheme.choices)
    summary = models.CharField(max_length=300, help_text="Shown in listings, feeds and search.")
    challenge = RichTextField("the challenge", features=TEXT_FEATURES)
    what_they_did = RichTextField("what they did", features=TEXT_FEATURES)
    outcome = RichTextField(features=TEXT_FEATURES)
    lessons = RichTextField("lessons for other councils", features=TEXT_FEATURES)
    body = StreamField(BodyBlock(), blank=True, verbose_name="more detail")
    contact = models.CharField(
        max_length=200, blank=True, help_text="Who to ask about this example (a role is enough)."
    )
    documents = StreamField(DocumentListBlock(), blank=True)
    tags = ClusterTaggableManager(through=PracticeExamplePageTag, blank=True)

    base_form_class = TaggedPageForm
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("organisation"), FieldPanel("theme"), FieldPanel("summary")],
            heading="About this example",
        ),
        FieldPanel("challenge"),
        FieldPanel("what_they_did"),
        FieldPanel("outcome"),
        FieldPanel("lessons"),
        FieldPanel("body"),
        FieldPanel("documents"),
        FieldPanel("contact"),
        FieldPanel("tags"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("challenge"),
        index.SearchField("what_they_did"),
        index.SearchField("outcome"),
        index.SearchField("lessons"),
        index.FilterField("theme"),
    ]
    # Documents are left out: the API cannot filter a stream of documents per reader.
    api_fields = [
        APIField("organisation"),
        APIField("theme"),
        APIField("summary"),
        APIField("challenge"),
        APIField("what_they_did"),
        APIField("outcome"),
        APIField("lessons"),
        APIField("body"),
        APIField("tags"),
    ]
    parent_page_types = ["home.PracticeExampleIndexPage"]
    subpage_types = []

    def search_organisation(self):
        return self.organisation

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            documents=visible_documents(request.user, self.documents),
            related=access.pages_visible_to(
                request.user,
                PracticeExamplePage.objects.filter(theme=self.theme)
                .exclude(pk=self.pk)
                .select_related("organisation")
                .order_by("-first_published_at"),
            )[:3],
        )
        return context

    class Meta:
        verbose_name = "practice example"
