from django.db import models
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

    admin_form_fields = (
        *Document.admin_form_fields,
        "description",
        "kind",
        "organisation",
        "learning_event",
        "published_on",
    )

    class Meta(AbstractDocument.Meta):
        verbose_name = "document"
        verbose_name_plural = "documents"
        permissions = [("choose_document", "Can choose document")]
