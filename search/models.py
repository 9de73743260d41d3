"""The search projection: one row per searchable object, whatever app it comes from."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import dateformat, timezone
from wagtail.admin.panels import FieldPanel

from hub.accounts.access import Audience


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


# How a date of each precision is shown (``SearchEntry.date_label``).
DATE_SHAPES = {DatePrecision.YEAR: "Y", DatePrecision.MONTH: "F Y", DatePrecision.DAY: "j F Y"}


def date_label(date, precision) -> str:
    """The date as precisely as it is known: "2015", "August 2015" or "3 August 2015"."""
    if date is None:
        return ""
    return dateformat.format(date, DATE_SHAPES.get(precision, DATE_SHAPES[DatePrecision.DAY]))


class SearchEntry(models.Model):
    """What search knows about one object, already filtered to what it may show.

    Rows are written only by ``search.registry``; the engines read them (and, on SQLite, an FTS5
    table kept in step by triggers; on PostgreSQL, generated ``tsvector`` columns).
    """

    source_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    source_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=32, db_index=True)
    title = models.CharField(max_length=500)
    tags = models.ManyToManyField("taggit.Tag", blank=True, related_name="search_entries")
    organisation = models.CharField(max_length=255, blank=True, db_index=True)
    # No index on purpose: with three values it would tempt the database to walk every visible
    # row instead of starting from the (few) full-text matches.
    audience = models.CharField(max_length=16, choices=Audience.choices, default=Audience.PUBLIC)
    groups = models.ManyToManyField("auth.Group", blank=True, related_name="search_entries")
    date = models.DateField(null=True, blank=True, db_index=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="For the facet.")
    # How much of ``date`` is known: a document dated only "August 2015" or "2015" has the
    # first day of that month or year as its date, and is shown as "August 2015" or "2015".
    date_precision = models.CharField(
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="How much of the date is known: the day, only the month, or only the year.",
    )
    url = models.CharField(max_length=500)
    boost = models.FloatField(
        default=1.0, help_text="Multiplies relevance: below 1 demotes (e.g. superseded guidance)."
    )
    replaced = models.BooleanField(
        default=False, help_text="Replaced by a newer entry: its hit says so."
    )
    updated_at = models.DateTimeField(auto_now=True)
    # The long text comes last: SQLite reads a row's columns in order, so filters and facets
    # on the short columns above never walk a long body's overflow pages.
    tags_text = models.TextField(blank=True, help_text="Tag names, for full-text matching.")
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source_type", "source_id"], name="search_entry_source")
        ]
        indexes = [
            # Looking up thousands of full-text matches by id for the audience filter, facets
            # and ranking reads only this index, never the rows with their long text.
            models.Index(
                fields=["id", "audience", "kind", "organisation", "year", "date", "boost"],
                name="search_entry_cover",
            )
        ]
        verbose_name_plural = "search entries"

    def __str__(self):
        return self.title

    @property
    def date_label(self):
        """The date as precisely as it is known: "2015", "August 2015" or "3 August 2015"."""
        return date_label(self.date, self.date_precision)

    @property
    def kind_label(self):
        from search.engines.base import kind_label

        return kind_label(self.kind)


class Synonym(models.Model):
    """Words and phrases that mean the same thing to the people searching the hub."""

    terms = models.CharField(
        max_length=500,
        unique=True,
        help_text=(
            "Comma-separated words or phrases that should find each other, "
            "e.g. 'DP, direct payment, direct payments'."
        ),
    )

    panels = [FieldPanel("terms")]

    class Meta:
        ordering = ["terms"]

    def __str__(self):
        return self.terms

    def term_list(self) -> list[str]:
        return [" ".join(t.lower().split()) for t in self.terms.split(",") if t.strip()]


class PendingIndexWrite(models.Model):
    """An Elasticsearch write that failed, kept so it can be retried when the cluster is back."""

    entry_key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.entry_key


class SearchWord(models.Model):
    """Every word ever written into an entry, whoever may see it: the spelling corrector's
    list of candidates (``search.spelling``). It only proposes; whether a word is offered to
    someone is decided by counting the entries they may see, so a word from a private entry
    is never shown to anyone else, and stale words (their entries since deleted) never are."""

    word = models.CharField(max_length=64, unique=True)

    def __str__(self):
        return self.word


class SavedSearch(models.Model):
    """A member's search (words and filters, as ``/search/`` takes them), emailed when new
    items match it. What an email lists is decided when it is sent, against what that member
    may see then (``search.alerts``)."""

    class Frequency(models.TextChoices):
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"
        NEVER = "never", "No emails"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(max_length=100)
    query = models.CharField(max_length=500)
    filters = models.JSONField(default=dict, blank=True, help_text="Facet name to values.")
    # The words and filters in one canonical form: saving the same search twice keeps one.
    key = models.CharField(max_length=64, editable=False)
    frequency = models.CharField(max_length=8, choices=Frequency.choices, default=Frequency.DAILY)
    created_at = models.DateTimeField(default=timezone.now)
    watermark = models.PositiveBigIntegerField(
        default=0, help_text="Entries up to this id were there already: only later ones are new."
    )
    last_sent_at = models.DateTimeField(null=True, blank=True)
    problem = models.CharField(
        max_length=300, blank=True, help_text="Why the words cannot be searched now, if so."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="search_saved_search_once")
        ]
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    @property
    def search_path(self) -> str:
        """The search as /search/ takes it, newest first."""
        from django.urls import reverse
        from django.utils.http import urlencode

        params = {"q": self.query, "sort": "newest", **self.filters}
        return reverse("search") + "?" + urlencode(params, doseq=True)

    def filter_labels(self) -> list[str]:
        from search.engines.base import kind_label

        labels = [kind_label(v) for v in self.filters.get("kind", [])]
        return labels + [
            v for n in ("tag", "organisation", "year") for v in self.filters.get(n, [])
        ]


class AlertSent(models.Model):
    """One row per person per period per frequency: a second run of ``send_search_alerts``
    in the same period finds it and sends nothing more."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(max_length=8, choices=SavedSearch.Frequency.choices)
    period_start = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    item_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "frequency", "period_start"], name="search_one_alert_per_period"
            )
        ]

    def __str__(self):
        return f"{self.user_id} {self.frequency} {self.period_start}"
