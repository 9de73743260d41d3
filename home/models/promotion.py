"""Public copies of restricted items, and the record of each promotion.

The programme team makes a public copy of a restricted page, document or solved thread, leaving
out the passages that must stay private. The copy is a ``PromotedPage`` under the one
``PromotedIndexPage``; the original is never changed. Each ``Promotion`` records who made which
copy from what, and the text of every passage left out: that record is the programme team's
alone and is read on ``/promotions/`` only.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import BodyBlock
from .base import IndexPage, SearchablePage


class SourceKind(models.TextChoices):
    PAGE = "page", "Page"
    DOCUMENT = "document", "Document"
    THREAD = "thread", "Discussion"


class PromotedIndexPage(IndexPage):
    """ "Shared from the programme": the public copies, newest first."""

    subpage_types = ["home.PromotedPage"]

    class Meta:
        verbose_name = "shared from the programme index"


class PromotedPage(SearchablePage, Page):
    """The public copy of a restricted item: only the passages the programme team kept."""

    summary = models.CharField(
        max_length=300, blank=True, help_text="One or two sentences, shown in listings and search."
    )
    body = StreamField(BodyBlock(), blank=True)
    source_kind = models.CharField(
        max_length=16,
        choices=SourceKind.choices,
        default=SourceKind.PAGE,
        help_text="What the copy was made from: a document's copy is its text, never its file.",
    )

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
    ]
    parent_page_types = ["home.PromotedIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "shared copy"


class Promotion(models.Model):
    """Who made a public copy of what, when, and what they left out.

    The source is kept as a content type, an id and its title at the time, so the record still
    says what was copied after the original is deleted.
    """

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    promoted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    promoted_by_name = models.CharField(max_length=255, blank=True)
    promoted_at = models.DateTimeField(default=timezone.now, db_index=True)
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    source_id = models.PositiveBigIntegerField()
    source_kind = models.CharField(max_length=16, choices=SourceKind.choices)
    source_title = models.CharField(max_length=255)
    copy = models.ForeignKey(
        PromotedPage, null=True, on_delete=models.SET_NULL, related_name="promotions"
    )
    copy_title = models.CharField(max_length=255)
    kept_count = models.PositiveIntegerField(default=0)
    # [{"label": "Paragraph 3", "text": "..."}], in the order the passages came.
    removed = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-promoted_at", "-pk"]
        indexes = [models.Index(fields=["source_type", "source_id"])]

    def __str__(self):
        return f"{self.source_title} → {self.copy_title}"

    @property
    def removed_count(self):
        return len(self.removed)
