"""Standard pages: about the programme, the evaluation, the steering group."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from hub.accounts import access

from ..blocks import BodyBlock
from .base import SearchablePage
from .expression_of_interest import ExpressionOfInterestPage


class StandardPage(SearchablePage, Page):
    """About the programme, the evaluation, the steering group: any page of plain content.

    The evaluators' and steering group's areas are standard pages with a view restriction.
    """

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
    subpage_types = ["home.StandardPage", "home.ExpressionOfInterestPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = access.pages_visible_to(
            request.user,
            Page.objects.child_of(self)
            .type(StandardPage, ExpressionOfInterestPage)
            .specific()
            .order_by("path"),
        )
        # The button to share a restricted page's public copy, for the programme team.
        from ..promotion.services import promote_url

        rule = access.page_rule(self, access.viewer_for(request.user))
        context["promote_url"] = promote_url(
            request.user, "page", self, restricted=rule.is_restricted
        )
        return context
