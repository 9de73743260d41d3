"""Return rounds the evaluators send to trailblazer sites, and what each site sends back.

Nothing here has an audience field or a search projection: a return is seen by the evaluators
and by the staff of the site that wrote it, and by nobody else, through ``selectors.py``.
"""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.utils import timezone
from django.utils.functional import LazyObject, empty
from wagtail.contrib.forms.models import AbstractFormField

from hub.accounts.models import Organisation


class ReturnRound(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Being prepared"
        OPEN = "open", "Open"

    title = models.CharField(max_length=200)
    instructions = models.TextField(
        blank=True, max_length=4000, help_text="What the sites are asked for, and why."
    )
    due_on = models.DateField("due date")
    accepts_late = models.BooleanField(
        "accept late returns",
        default=False,
        help_text="If not, a site cannot submit or change its return after the due date.",
    )
    sites = models.ManyToManyField(
        Organisation, related_name="return_rounds", limit_choices_to={"is_trailblazer": True}
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    # The anonymised summary as published: figures frozen at that moment.
    summary = models.JSONField(null=True, blank=True)
    summary_published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-due_on", "-pk"]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    def is_past_due(self, today=None):
        return (today or timezone.localdate()) > self.due_on


QUESTION_TYPES = [
    ("number", "Number"),
    ("radio", "Choice (one answer)"),
    ("multiline", "Text"),
    ("file", "File"),
]


class ReturnQuestion(AbstractFormField):
    """One question of a round, described as Wagtail's form builder describes a form field."""

    round = models.ForeignKey(ReturnRound, on_delete=models.CASCADE, related_name="questions")
    field_type = models.CharField("answer type", max_length=16, choices=QUESTION_TYPES)

    class Meta(AbstractFormField.Meta):
        constraints = [
            models.UniqueConstraint(fields=["round", "clean_name"], name="unique_question_name")
        ]

    def __str__(self):
        return self.label

    @property
    def options(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class SiteReturn(models.Model):
    """One site's return for one round: its draft, and its submitted revisions."""

    round = models.ForeignKey(ReturnRound, on_delete=models.CASCADE, related_name="returns")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    draft = models.JSONField(default=dict, blank=True)
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    draft_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept on the row so lists read status without touching revisions.
    revision_count = models.PositiveIntegerField(default=0)
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    last_submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "organisation"], name="unique_site_return")
        ]

    def __str__(self):
        return f"{self.round} – {self.organisation}"


class ReturnRevision(models.Model):
    """What a site submitted, once; a later change is a new revision, never an edit."""

    site_return = models.ForeignKey(SiteReturn, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    answers = models.JSONField(default=dict)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    is_late = models.BooleanField(default=False)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["site_return", "number"], name="unique_return_revision")
        ]

    def __str__(self):
        return f"{self.site_return} (revision {self.number})"


class _ReturnsStorage(LazyObject):
    """The "returns" storage of ``STORAGES``, looked up when first used (and again after a
    settings change), not when this module is imported."""

    def _setup(self):
        self._wrapped = storages["returns"]


returns_storage = _ReturnsStorage()


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        returns_storage._wrapped = empty


def _private_storage():
    return returns_storage


def _file_path(instance, filename):
    # A fresh folder per file: names never collide and are never guessable.
    return f"returns/{uuid.uuid4().hex}/{filename}"


class ReturnFile(models.Model):
    """A file given as an answer. Kept while any revision or the draft names it."""

    site_return = models.ForeignKey(SiteReturn, on_delete=models.CASCADE, related_name="files")
    question = models.CharField(max_length=255)
    file = models.FileField(upload_to=_file_path, storage=_private_storage, max_length=255)
    filename = models.CharField(max_length=255)
    file_size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    checksum = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.filename


class ReturnEmail(models.Model):
    """A reminder or a chase sent to one site's staff: recorded so it is sent once."""

    class Kind(models.TextChoices):
        WEEK = "week", "Due in a week"
        DAY = "day", "Due tomorrow"
        OVERDUE = "overdue", "Overdue"
        CHASE = "chase", "Chased by the evaluators"

    round = models.ForeignKey(ReturnRound, on_delete=models.CASCADE, related_name="emails")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    # A chase may be sent once a day, a reminder once ever: both are one row per key.
    sent_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation", "kind"],
                condition=~models.Q(kind="chase"),
                name="one_reminder_of_each_kind",
            ),
            models.UniqueConstraint(
                fields=["round", "organisation", "sent_on"],
                condition=models.Q(kind="chase"),
                name="one_chase_a_day",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.organisation} ({self.sent_on})"
