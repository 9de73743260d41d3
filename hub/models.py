from django.db import models


class ContentGeneration(models.Model):
    """One counter that goes up whenever anything a page shows may have changed.

    It lives in the database, not the cache, so that every web process (each with its own
    local-memory cache on one machine) and the task worker see a change at once.
    """

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "content generation"

    def __str__(self):
        return f"content generation {self.value}"


class ActivityEvent(models.Model):
    """How often an organisation's people did one thing on one day: counts, never people.

    Written by the task worker's sweep from counts buffered in the shared cache
    (``hub/activity.py``), so a page view or download adds no database row of its own.
    """

    class Kind(models.TextChoices):
        GUIDANCE_READ = "guidance_read", "Guidance read"
        DOCUMENT_DOWNLOADED = "document_downloaded", "Document downloaded"

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="activity"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    # What was read or downloaded, e.g. "page:12" or "resource:41".
    object_key = models.CharField(max_length=64)
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "activity count"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "object_key", "day"],
                name="hub_activity_one_row_per_thing_per_day",
            )
        ]
        indexes = [
            # Every column the readiness view adds up, so its totals read the index alone.
            models.Index(
                fields=["organisation", "kind", "object_key", "day", "count"],
                name="hub_activity_totals",
            ),
            models.Index(fields=["day"], name="hub_activity_day"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.object_key} × {self.count} on {self.day}"
