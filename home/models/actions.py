"""Actions agreed at a learning event, and what closed each one.

Editors write actions in the event's page editor (an inline panel). What the hub itself records
about an action - the discussion opened from it, the reminders sent - lives in models of its own
beside it, never on the action, and find it by the action's ``key``: Wagtail makes the rows of
an inline panel afresh on every publish (new ids), while the key travels in every revision.

An action ends in one of four ways: a practice example, a guidance page (the change made), a
document, or an accepted answer. An action with a discussion of its own is done as soon as that
discussion has an accepted answer, and open again if the answer is taken back or hidden.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.models import Orderable


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
CLOSING_FIELDS = ("closed_by_page", "closed_by_document", "closed_by_thread")


class EventAction(Orderable):
    page = ParentalKey("home.LearningEventPage", on_delete=models.CASCADE, related_name="actions")
    key = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    text = models.CharField(
        "action", max_length=500, help_text="What was agreed, in a sentence people can act on."
    )
    owner = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_actions",
        help_text="The organisation that agreed to do it.",
    )
    due_on = models.DateField("due date", null=True, blank=True)
    status = models.CharField(max_length=16, choices=ActionStatus.choices, default="open")
    closed_by_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="practice example or guidance",
    )
    closed_by_document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="document",
    )
    closed_by_thread = models.ForeignKey(
        "discussions.Thread",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="discussion with an accepted answer",
    )
    closing_note = models.CharField(
        max_length=300, blank=True, help_text="Optional: how it was closed, in a sentence."
    )

    panels = [
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("owner"), FieldPanel("due_on"), FieldPanel("status")]),
        MultiFieldPanel(
            [
                PageChooserPanel(
                    "closed_by_page", ["home.PracticeExamplePage", "home.GuidancePage"]
                ),
                FieldPanel("closed_by_document"),
                FieldPanel("closed_by_thread"),
                FieldPanel("closing_note"),
            ],
            heading="Where it ended (choose one)",
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "action"

    def __str__(self):
        return self.text

    def clean(self):
        chosen = [name for name in CLOSING_FIELDS if getattr(self, f"{name}_id")]
        if len(chosen) > 1:
            message = "Choose one thing that closed this action, not several."
            raise ValidationError(dict.fromkeys(chosen, message))
        thread = self.closed_by_thread
        if thread is not None and not thread.is_solved:
            raise ValidationError(
                {"closed_by_thread": "That discussion has no accepted answer yet."}
            )
        if chosen and self.status in OPEN_STATUSES:
            raise ValidationError(
                {"status": "Set the status to done: you have chosen what closed it."}
            )

    # The discussion opened from the action, attached by ``home.actions.selectors``.
    discussion_thread = None

    @property
    def answered_thread(self):
        """The discussion whose accepted answer closed the action, if any (loaded already)."""
        if self.closed_by_thread_id:
            return self.closed_by_thread
        thread = self.discussion_thread
        if thread and thread.is_solved and not (thread.is_hidden or thread.is_deleted):
            return thread
        return None

    @property
    def effective_status(self):
        if self.status in OPEN_STATUSES and self.answered_thread is not None:
            return ActionStatus.DONE
        return self.status

    @property
    def status_label(self):
        return ActionStatus(self.effective_status).label

    @property
    def is_open(self):
        return self.effective_status in OPEN_STATUSES

    @property
    def is_overdue(self):
        return self.is_open and self.due_on is not None and self.due_on < timezone.localdate()


class ActionDiscussion(models.Model):
    """The discussion opened from an action, one each way."""

    action_key = models.UUIDField(unique=True)
    thread = models.OneToOneField(
        "discussions.Thread", on_delete=models.CASCADE, related_name="from_action"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Discussion of action {self.action_key}"


class ActionReminder(models.Model):
    """A reminder sent for an action's due date: one per action and due date, ever."""

    action_key = models.UUIDField()
    due_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["action_key", "due_on"], name="one_reminder_per_due_date"
            )
        ]

    def __str__(self):
        return f"Reminder for action {self.action_key}, due {self.due_on}"
