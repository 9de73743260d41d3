from django import forms
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import BaseForm, FormBuilder
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from hub.forms import HubFormMixin

from .blocks import BodyBlock
from .pages import visible_pages


class HomePage(Page):
    """The site root: what the hub is for, and what is new in it for this reader."""

    search_kind = "page"  # the search facet it is counted under

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
        "resources.GuidanceIndexPage",
        "resources.LearningEventIndexPage",
        "resources.PracticeExampleIndexPage",
        "resources.TrailblazerSiteIndexPage",
        "resources.NewsIndexPage",
    ]

    def get_context(self, request, *args, **kwargs):
        from discussions import selectors as discussions
        from resources import selectors as documents
        from resources.models import GuidancePage, LearningEventPage, NewsPage, PracticeExamplePage

        context = super().get_context(request, *args, **kwargs)
        user = request.user
        context.update(
            latest_guidance=visible_pages(
                user, GuidancePage.objects.order_by("-effective_date", "-pk")
            )[:3],
            next_event=visible_pages(
                user,
                LearningEventPage.objects.filter(starts_at__gte=timezone.now()).order_by(
                    "starts_at"
                ),
            ).first(),
            recent_practice=visible_pages(
                user,
                PracticeExamplePage.objects.select_related("organisation").order_by(
                    "-first_published_at", "-pk"
                ),
            )[:3],
            latest_news=visible_pages(user, NewsPage.objects.order_by("-date", "-pk"))[:3],
            latest_documents=documents.latest_resources(user=user, limit=3),
            active_threads=discussions.active_threads(user=user, limit=3),
        )
        return context

    class Meta:
        verbose_name = "home page"


class StandardPage(Page):
    """About the programme, the evaluation, the steering group: any page of plain content.

    The evaluators' and steering group's areas are standard pages with a view restriction.
    """

    search_kind = "page"  # the search facet it is counted under

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
    subpage_types = ["home.StandardPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = visible_pages(
            request.user, StandardPage.objects.child_of(self).order_by("path")
        )
        return context


# --- The expression-of-interest form --------------------------------------------------------


class ExpressionOfInterestField(AbstractFormField):
    page = ParentalKey(
        "home.ExpressionOfInterestPage", on_delete=models.CASCADE, related_name="form_fields"
    )


class HubFormBuilder(FormBuilder):
    """Wagtail's form builder with GOV.UK styling and a length limit on long answers."""

    # About a page of text: the 2012 form asked for the whole response in three pages.
    LONG_ANSWER_MAX = 4000

    def create_multiline_field(self, field, options):
        options["max_length"] = self.LONG_ANSWER_MAX
        options.setdefault("widget", forms.Textarea(attrs={"rows": 6}))
        return forms.CharField(**options)

    def get_form_class(self):
        return type("ExpressionOfInterestForm", (HubFormMixin, BaseForm), self.formfields)


class ExpressionOfInterestPage(AbstractEmailForm):
    """A council asks to join the programme. Closes at ``closes_at``: after that the page says
    so and accepts nothing. Submissions are seen by editors of this page (the programme team)
    in Wagtail's Forms area, which also exports them as CSV."""

    search_kind = "page"  # the search facet it is counted under

    introduction = RichTextField(blank=True, features=["bold", "italic", "link", "ul"])
    closes_at = models.DateTimeField(
        "closing date", help_text="After this, the form is closed and accepts no answers."
    )
    closed_text = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="Shown instead of the form once it has closed.",
    )
    thank_you_text = RichTextField(blank=True, features=["bold", "italic", "link"])

    form_builder = HubFormBuilder
    template = "home/expression_of_interest_page.html"
    landing_page_template = "home/expression_of_interest_page_landing.html"

    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("introduction"),
        FieldPanel("closes_at"),
        InlinePanel("form_fields", label="Questions"),
        FieldPanel("closed_text"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading="Email a copy of each answer (optional)",
        ),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "expression-of-interest form"

    @property
    def is_closed(self):
        return timezone.now() >= self.closes_at

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.is_closed:
            # The questions stay readable as a record of what was asked.
            context["questions"] = list(self.get_form_fields())
        return context

    def serve(self, request, *args, **kwargs):
        if self.is_closed:
            # Closed means closed: a POST made with an old copy of the form is refused too.
            status = 403 if request.method == "POST" else 200
            return TemplateResponse(
                request, self.get_template(request), self.get_context(request), status=status
            )
        return super().serve(request, *args, **kwargs)
