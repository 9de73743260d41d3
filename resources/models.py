from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import dateformat
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase
from wagtail.documents.models import AbstractDocument, Document


class ResourceTag(TaggedItemBase):
    content_object = models.ForeignKey(
        "resources.Resource", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Resource(AbstractDocument):
    """A file in the library: Wagtail's document plus what readers and search need."""

    class Kind(models.TextChoices):
        GUIDANCE = "guidance", "Guidance"
        TEMPLATE = "template", "Template"
        SLIDES = "slides", "Slides"
        NOTES = "notes", "Notes"
        REPORT = "report", "Report"
        EVALUATION = "evaluation", "Evaluation"
        DATA = "data", "Data"
        OTHER = "other", "Other"

    class Extraction(models.TextChoices):
        PENDING = "pending", "Waiting"
        RUNNING = "running", "Reading the file"
        DONE = "done", "Done"
        FAILED = "failed", "Could not read the text"
        SKIPPED = "skipped", "No text to read"

    class Review(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Not accepted"

    class DatePrecision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"

    description = models.TextField(blank=True, max_length=2000)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.OTHER)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
        help_text="The organisation that wrote or owns this document.",
    )
    learning_event = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The learning event this document was presented at, if any.",
    )
    published_on = models.DateField("publication date", null=True, blank=True)
    # Archives often know only "August 2015" or "2023": the date is then the first day of that
    # month or year, and this says how much of it is real.
    published_precision = models.CharField(
        "date precision",
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        blank=True,
        help_text="How much of the publication date is known: the day, only the month, or "
        "only the year.",
    )
    tags = TaggableManager(through=ResourceTag, blank=True, help_text=None)
    extracted_text = models.TextField(blank=True, editable=False)
    extraction_status = models.CharField(
        max_length=16, choices=Extraction.choices, default=Extraction.PENDING, editable=False
    )
    extraction_reason = models.CharField(max_length=500, blank=True, editable=False)
    page_count = models.PositiveIntegerField(null=True, blank=True, editable=False)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    checksum = models.CharField(
        max_length=64, blank=True, db_index=True, editable=False, help_text="SHA-256 of the file."
    )
    original_filename = models.CharField(
        max_length=255,
        blank=True,
        editable=False,
        help_text="The cleaned name offered on download.",
    )
    # A random token from the upload form: a second submit of the same form finds the first row.
    upload_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    extraction_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    # Uploads to the public library by anyone outside the programme team wait here until the
    # team approves them; until then only the uploader and the team see them, on any channel.
    review_status = models.CharField(
        "review",
        max_length=8,
        choices=Review.choices,
        default=Review.APPROVED,
        db_index=True,
        editable=False,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    review_reason = models.CharField(max_length=1000, blank=True, editable=False)
    extraction_started_at = models.DateTimeField(null=True, blank=True, editable=False)

    admin_form_fields = (
        *Document.admin_form_fields,
        "description",
        "kind",
        "organisation",
        "learning_event",
        "published_on",
        "published_precision",
    )

    class Meta(AbstractDocument.Meta):
        verbose_name = "document"
        verbose_name_plural = "documents"
        permissions = [("choose_document", "Can choose document")]

    def get_absolute_url(self):
        return reverse("resources:detail", args=[self.pk])

    @property
    def is_approved(self):
        return self.review_status == self.Review.APPROVED

    @property
    def download_url(self):
        """The stable download address: it serves the current version whatever its name."""
        return reverse("resources:download", args=[self.pk])

    @property
    def url(self):
        # Wagtail's rich text, admin and API use ``url``: send them through the library's
        # access-checked download too, so every link survives a new version.
        return self.download_url

    @property
    def download_name(self):
        return self.original_filename or self.filename

    @property
    def serve_content_type(self):
        return self.content_type or "application/octet-stream"

    @property
    def published_label(self):
        """The date as precisely as it is known: "2015", "August 2015" or "3 August 2015"."""
        if self.published_on is None:
            return ""
        shape = {self.DatePrecision.YEAR: "Y", self.DatePrecision.MONTH: "F Y"}.get(
            self.published_precision, "j F Y"
        )
        return dateformat.format(self.published_on, shape)

    @property
    def year(self):
        return self.published_on.year if self.published_on else None


def _version_path(instance, filename):
    return f"documents/{filename}"


class ResourceVersion(models.Model):
    """One uploaded file of a resource. The resource's own ``file`` is its current version."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=_version_path, max_length=255)
    filename = models.CharField(max_length=255)
    file_size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    checksum = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "number"], name="unique_resource_version")
        ]

    def __str__(self):
        return f"{self.resource} (version {self.number})"

    def get_download_url(self):
        return reverse("resources:version_download", args=[self.resource_id, self.number])
