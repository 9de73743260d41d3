"""The expression-of-interest form: how a council asked to join the programme in 2012."""

from django import forms
from django.db import models, transaction
from django.template.response import TemplateResponse
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import BaseForm, FormBuilder
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField, EmailFormMixin
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField

from hub.forms import HubFormMixin

from .base import SearchablePage


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


class ExpressionOfInterestPage(SearchablePage, AbstractEmailForm):
    """A council asks to join the programme. Closes at ``closes_at``: after that the page says
    so and accepts nothing. Submissions are seen by editors of this page (the programme team)
    in Wagtail's Forms area, which also exports them as CSV."""

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
                FieldRowPanel(
                    [
                        FieldPanel("from_address"),
                        FieldPanel(
                            "to_address",
                            help_text="Leave empty to email everyone in the programme team. "
                            "Separate several addresses with commas.",
                        ),
                    ]
                ),
                FieldPanel("subject"),
            ],
            heading="Who is emailed each answer",
        ),
    ]
    # Under the about pages, it is listed in their section.
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = "expression-of-interest form"

    def process_form_submission(self, form):
        """Keep the answers, then email the programme team and the person who sent them.

        Wagtail's own email (sent only with a "to" address, inside the request) is replaced by
        a background task, so a mail server that is down loses nothing and shows no error.
        """
        from ..form_emails import send_expression_of_interest_emails

        submission = super(EmailFormMixin, self).process_form_submission(form)
        transaction.on_commit(lambda: send_expression_of_interest_emails.enqueue(submission.pk))
        return submission

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
