"""Guidance: what the programme tells councils, providers, and people and their families."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel, Panel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from hub import activity
from hub.accounts import access

from ..blocks import BodyBlock, DocumentListBlock
from ..forms import TaggedPageForm
from .base import IndexPage, SearchablePage, choice_param, visible_documents

# Superseded guidance stays findable, below what replaced it.
SUPERSEDED_BOOST = 0.3


class GuidanceAudience(models.TextChoices):
    COUNCILS = "councils", "Councils"
    PROVIDERS = "providers", "Care providers"
    PEOPLE = "people", "People and families"


class GuidancePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "home.GuidancePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class GuidanceIndexPage(IndexPage):
    subpage_types = ["home.GuidancePage"]
    child_select_related = ("owner_organisation",)
    child_tag_model = GuidancePageTag
    ordering = ("-effective_date", "-pk")

    def filter_children(self, request, pages):
        audience = choice_param(request, "audience", GuidanceAudience.values)
        if audience:
            pages = pages.filter(audience=audience)
        return pages.order_by(*self.ordering), {
            "audiences": GuidanceAudience.choices,
            "current_audience": audience,
        }

    class Meta:
        verbose_name = "guidance index"


class ReviewDueNoticePanel(Panel):
    """Shown at the top of a guidance page's editor once its review-by date has passed."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "home/admin/review_due_notice.html"

        def is_shown(self):
            return bool(getattr(self.instance, "is_overdue", False))

        def show_panel_furniture(self):
            return False

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["review_by"] = self.instance.review_by
            return context


class GuidancePage(SearchablePage, Page):
    search_kind = "guidance"

    audience = models.CharField(max_length=16, choices=GuidanceAudience.choices)
    summary = models.CharField(max_length=300, help_text="Shown in listings, feeds and search.")
    body = StreamField(BodyBlock())
    owner_organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="owner",
        help_text="Who keeps this guidance up to date.",
    )
    effective_date = models.DateField(default=datetime.date.today)
    review_by = models.DateField(
        "review by",
        null=True,
        blank=True,
        help_text="When this guidance should next be checked. Overdue guidance is listed in "
        "Reports › Guidance due for review.",
    )
    change_note = models.CharField(
        "what changed",
        max_length=300,
        blank=True,
        help_text="A sentence for readers about what changed in this version. When you publish, "
        "it is added to the page's history and emailed to the people who follow the page.",
    )
    superseded_by = models.ForeignKey(
        "home.GuidancePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
        help_text="If newer guidance replaces this page, readers see a banner pointing to it and "
        "the people who follow this page are emailed.",
    )
    related_resources = StreamField(DocumentListBlock(), blank=True)
    tags = ClusterTaggableManager(through=GuidancePageTag, blank=True)
    is_key = models.BooleanField(
        "key guidance",
        default=False,
        help_text="Guidance every council should read before April 2016. The readiness view "
        "counts, for each council, how many key guidance pages its people have opened.",
    )

    base_form_class = TaggedPageForm
    content_panels = [
        ReviewDueNoticePanel(),
        *Page.content_panels,
        FieldPanel("audience"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("related_resources"),
        MultiFieldPanel(
            [
                FieldPanel("owner_organisation"),
                FieldRowPanel([FieldPanel("effective_date"), FieldPanel("review_by")]),
                FieldPanel("change_note"),
                PageChooserPanel("superseded_by", "home.GuidancePage"),
                FieldPanel("is_key"),
            ],
            heading="Keeping it current",
        ),
        FieldPanel("tags"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.FilterField("audience"),
    ]
    # Documents are left out: the API cannot filter a stream of documents per reader.
    api_fields = [
        APIField("audience"),
        APIField("summary"),
        APIField("body"),
        APIField("effective_date"),
        APIField("review_by"),
        APIField("tags"),
        # Whether newer guidance replaces this page; which page does is left out, as it may be
        # one the reader may not see.
        APIField("superseded"),
    ]
    parent_page_types = ["home.GuidanceIndexPage"]
    subpage_types = []

    def search_date(self):
        return self.effective_date

    def search_organisation(self):
        return self.owner_organisation

    def search_boost(self):
        return SUPERSEDED_BOOST if self.superseded_by_id else 1.0

    def search_replaced(self):
        return self.superseded

    @property
    def is_overdue(self):
        return self.review_by is not None and self.review_by < timezone.localdate()

    @property
    def superseded(self) -> bool:
        return self.superseded_by_id is not None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        user = request.user
        if not getattr(request, "is_preview", False):
            activity.record(
                user=user, kind=activity.Kind.GUIDANCE_READ, object_key=f"page:{self.pk}"
            )
        successor = None
        if self.superseded_by_id:
            successor = access.pages_visible_to(
                user, GuidancePage.objects.filter(pk=self.superseded_by_id)
            ).first()
        viewer = access.viewer_for(user)
        context.update(
            may_follow=viewer.is_approved,
            following=viewer.is_approved
            and GuidanceFollow.objects.filter(user=user, page=self).exists(),
            successor=successor,
            replaces=access.pages_visible_to(
                user, GuidancePage.objects.filter(superseded_by=self).order_by("-effective_date")
            ),
            documents=visible_documents(user, self.related_resources),
            changes=list(self.changes.all()[:10]),
            related=access.pages_visible_to(
                user,
                GuidancePage.objects.filter(audience=self.audience)
                .exclude(pk=self.pk)
                .order_by("-effective_date"),
            )[:3],
        )
        return context

    class Meta:
        verbose_name = "guidance"
        verbose_name_plural = "guidance"


class GuidanceChange(models.Model):
    """One "what changed" note, recorded when guidance is published with a new note."""

    page = models.ForeignKey(GuidancePage, on_delete=models.CASCADE, related_name="changes")
    published_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=300)

    class Meta:
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return self.note


class GuidanceFollow(models.Model):
    """A reader who is emailed when this guidance gets a "what changed" note or is replaced."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guidance_follows"
    )
    page = models.ForeignKey(GuidancePage, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(default=timezone.now)
    # Publishing again with the same replacement must not email the follower again.
    told_replaced_by = models.ForeignKey(
        GuidancePage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "page"], name="guidance_follow_once")
        ]

    def __str__(self):
        return f"{self.user} follows {self.page}"


def record_change(page):
    """After a publish: keep the page's change note in its history, once per distinct note."""
    note = page.change_note.strip()
    if not note:
        return None
    last = page.changes.first()
    if last is not None and last.note == note:
        return None
    return GuidanceChange.objects.create(page=page, note=note)


def overdue_guidance():
    """Live guidance whose review-by date is before today, the most overdue first."""
    return (
        GuidancePage.objects.live().filter(review_by__lt=timezone.localdate()).order_by("review_by")
    )
