"""The search projection: one row per searchable object, whatever app it comes from."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from wagtail.admin.panels import FieldPanel

from hub.accounts.access import Audience


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
