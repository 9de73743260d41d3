from django.conf import settings
from django.contrib.auth.models import Group
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItemBase

from hub.accounts.access import Audience

from . import areas
from .text import plain_text

TITLE_MIN, TITLE_MAX = 10, 200
BODY_MAX = 20_000


class ThreadTag(TaggedItemBase):
    content_object = models.ForeignKey(
        "discussions.Thread", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Thread(models.Model):
    """A question and its replies. Who may read it is decided by ``audience`` and ``groups``."""

    title = models.CharField(max_length=TITLE_MAX, validators=[MinLengthValidator(TITLE_MIN)])
    body = models.TextField(
        max_length=BODY_MAX,
        validators=[MaxLengthValidator(BODY_MAX)],
        help_text="Markdown, as the author wrote it.",
    )
    body_html = models.TextField(editable=False, help_text="The body rendered and sanitised.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="threads"
    )
    tags = TaggableManager(through=ThreadTag, blank=True, help_text=None)
    area = models.CharField(max_length=32, choices=areas.CHOICES, default="members")
    audience = models.CharField(max_length=16, choices=Audience.choices, default=Audience.MEMBERS)
    groups = models.ManyToManyField(Group, blank=True, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="threads",
        verbose_name="site",
        help_text="The trailblazer site this question is about, if any.",
    )
    learning_event = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The learning event this question came from, if any.",
    )
    is_pinned = models.BooleanField("pinned", default=False)
    is_locked = models.BooleanField("locked", default=False)
    is_hidden = models.BooleanField("hidden", default=False)
    is_deleted = models.BooleanField("deleted by its author", default=False)
    accepted_reply = models.ForeignKey(
        "discussions.Reply", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)
    reply_count = models.PositiveIntegerField(default=0, db_index=True)

    class Meta:
        ordering = ["-last_activity_at"]
        indexes = [models.Index(fields=["is_hidden", "-last_activity_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("discussions:thread", args=[self.pk])

    @property
    def area_label(self):
        area = areas.BY_KEY.get(self.area)
        return area.label if area else self.area

    @property
    def is_solved(self):
        return self.accepted_reply_id is not None

    def visible_replies(self):
        return self.replies.filter(is_hidden=False, is_deleted=False)

    def search_text(self) -> str:
        """The question, its accepted answer, then every other visible reply: what search indexes.

        Hidden and deleted text is left out, so it cannot be found once a moderator removes it.
        Posts go in as the words readers see, so a snippet never shows the Markdown typed.
        """
        if self.is_hidden:
            return ""
        parts = [self.title]
        if not self.is_deleted:
            parts.append(plain_text(self.body_html))
        replies = list(self.visible_replies().order_by("created_at"))
        accepted = [r for r in replies if r.pk == self.accepted_reply_id]
        parts += [plain_text(r.body_html) for r in accepted]
        parts += [plain_text(r.body_html) for r in replies if r.pk != self.accepted_reply_id]
        return "\n\n".join(parts)


class Reply(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField(max_length=BODY_MAX, validators=[MaxLengthValidator(BODY_MAX)])
    body_html = models.TextField(editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="replies"
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    is_deleted = models.BooleanField("deleted by its author", default=False)
    is_hidden = models.BooleanField("hidden", default=False)
    # A hidden reply is never the thread's answer; this remembers it was, so showing it again
    # puts the answer (and "Solved") back.
    hidden_while_accepted = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "created_at"])]
        verbose_name_plural = "replies"

    def __str__(self):
        return f"Reply {self.pk} to “{self.thread.title}”"

    def get_absolute_url(self):
        return f"{self.thread.get_absolute_url()}#reply-{self.pk}"


class PostRevision(models.Model):
    """What a post said before an edit: the history readers can open from "edited"."""

    thread = models.ForeignKey(
        Thread, null=True, on_delete=models.CASCADE, related_name="revisions"
    )
    reply = models.ForeignKey(Reply, null=True, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=TITLE_MAX, blank=True)
    body = models.TextField()
    body_html = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(thread__isnull=False, reply__isnull=True)
                | Q(thread__isnull=True, reply__isnull=False),
                name="discussions_revision_one_post",
            )
        ]

    def __str__(self):
        return f"Version of {'reply ' + str(self.reply_id) if self.reply_id else 'the question'}"


class Follow(models.Model):
    """A user following a thread (emails on replies) or a tag (the weekly digest).

    ``notify`` is switched off by an unsubscribe link rather than deleting the row, so replying
    again does not quietly sign the person back up.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, null=True, on_delete=models.CASCADE, related_name="follows")
    tag = models.ForeignKey(Tag, null=True, on_delete=models.CASCADE, related_name="+")
    notify = models.BooleanField("send email", default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=Q(thread__isnull=False),
                name="discussions_follow_thread_once",
            ),
            models.UniqueConstraint(
                fields=["user", "tag"],
                condition=Q(tag__isnull=False),
                name="discussions_follow_tag_once",
            ),
            models.CheckConstraint(
                condition=Q(thread__isnull=False, tag__isnull=True)
                | Q(thread__isnull=True, tag__isnull=False),
                name="discussions_follow_one_target",
            ),
        ]

    def __str__(self):
        return f"{self.user} follows {self.thread or self.tag}"


class Flag(models.Model):
    """A report of a post, waiting in the programme team's queue until resolved."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="flags")
    reply = models.ForeignKey(
        Reply, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    resolved = models.BooleanField(default=False)
    resolved_at = models.DateTimeField(null=True, blank=True, editable=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["resolved", "-created_at"]
        verbose_name = "report"

    def __str__(self):
        what = f"reply {self.reply_id}" if self.reply_id else "question"
        return f"Report on the {what} in “{self.thread.title}”"

    def get_absolute_url(self):
        return self.post.get_absolute_url()

    @property
    def post(self):
        return self.reply or self.thread

    @property
    def status(self):
        return "Resolved" if self.resolved else "Open"


class DigestSent(models.Model):
    """One row per user per digest period, so a second run of ``send_digests`` sends nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    thread_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "period_start"], name="discussions_one_digest_per_period"
            )
        ]

    def __str__(self):
        return f"Digest for {self.user} (week of {self.period_start})"
