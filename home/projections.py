"""How every page type is searched: one generic projector, for page types to come as well.

A page type can shape its entry with attributes instead of its own projector: ``search_kind``
(facet value, e.g. "guidance"), a ``summary`` field, ``tags``, a date field, an organisation
(``organisation``, ``owner_organisation`` or ``council``), a ``venue``, and ``superseded_by``
(superseded guidance is demoted).

The organisation's name, the venue and what kind of page it is ("practice example") end the
searchable text, so a council's name finds its practice examples and "learning event" finds
events, even when their own words never say so.
"""

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.utils.html import strip_tags
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from hub.accounts import access
from search import registry

DATE_FIELDS = (
    "date",
    "starts_at",
    "effective_date",
    "start_date",
    "published_on",
    "published_date",
)
# The organisation a page is about or owned by, under whichever name its family gives it.
ORGANISATION_FIELDS = ("organisation", "owner_organisation", "council")
# Where an event or meeting took place: searchable, so a place name finds what happened there.
PLACE_FIELDS = ("venue",)
# The day a news item or event is of, as its page shows it: "November 2013" finds that month's
# news. Other dates (when guidance took effect, when a page was published) stay out of the text.
DAY_FIELDS = ("date", "starts_at")
OWN_COLUMNS = {"title", "summary", "search_description", "tags"}
SUPERSEDED_BOOST = 0.3


def page_kind(page) -> str:
    kind = getattr(page, "search_kind", None)
    if kind:
        return kind
    name = page._meta.model_name.removesuffix("page")
    return name if name and name not in {"standard", "home", ""} else "page"


def _text(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [text for item in value for text in _text(item)]
    return [" ".join(strip_tags(str(value)).split())]


def _block_text(block, value) -> list[str]:
    """The searchable text of one block, without its empty parts.

    Wagtail's own walk turns an optional field left empty into the word "None", which then
    matched every search for "none" and padded every agenda.
    """
    if value is None or value == "":
        return []
    if isinstance(block, blocks.StructBlock):
        return [
            text
            for name, child in block.child_blocks.items()
            for text in _block_text(child, value.get(name))
        ]
    if isinstance(block, blocks.ListBlock):
        return [text for item in value for text in _block_text(block.child_block, item)]
    if isinstance(block, blocks.StreamBlock):
        return [text for child in value for text in _block_text(child.block, child.value)]
    return _text(block.get_searchable_content(value))


def page_body(page) -> str:
    """Text of every searchable field Wagtail knows about, StreamField blocks included."""
    parts = []
    for search_field in page.get_search_fields():
        if not isinstance(search_field, index.SearchField) or (
            search_field.field_name in OWN_COLUMNS
        ):
            continue
        try:
            field = page._meta.get_field(search_field.field_name)
        except FieldDoesNotExist:  # a method or property: Wagtail calls it
            field = None
        if isinstance(field, StreamField):
            parts += _block_text(field.stream_block, getattr(page, field.name))
        else:
            parts += _text(search_field.get_value(page))
    return "\n".join(p for p in parts if p)


def described_by(page, organisation) -> str:
    """Who the page is from or about, where and when it happened, and what kind of page it is."""
    kind = page._meta.verbose_name if page_kind(page) != "page" else ""
    places = [str(value) for name in PLACE_FIELDS if (value := getattr(page, name, None))]
    days = [
        f"{value.day} {value:%B %Y}"
        for name in DAY_FIELDS
        if isinstance(value := getattr(page, name, None), datetime.date)
    ]
    # A site page's council is its own title already.
    who = str(organisation) if organisation and str(organisation) != page.title else ""
    parts = [who, *places, *days, kind]
    return "\n".join(part for part in parts if part)


def page_date(page):
    for name in DATE_FIELDS:
        value = getattr(page, name, None)
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
    published = page.first_published_at or page.last_published_at
    return published.date() if published else None


def project_page(page, context):
    if not page.live or page.is_root():
        return None
    rule = access.page_rule(page, context.viewer)
    url = page.get_url()
    if rule.password or not url:
        return None
    tags = list(page.tags.all()) if hasattr(page, "tags") else []
    organisation = next(
        (value for name in ORGANISATION_FIELDS if (value := getattr(page, name, None))), None
    )
    superseded = getattr(page, "superseded_by_id", None) or getattr(page, "superseded_by", None)
    return registry.Projection(
        kind=page_kind(page),
        title=page.title,
        url=url,
        rule=rule,
        summary=getattr(page, "summary", "") or page.search_description or "",
        body="\n".join(
            part for part in (page_body(page), described_by(page, organisation)) if part
        ),
        tags=tags,
        organisation=str(organisation) if organisation else "",
        date=page_date(page),
        boost=SUPERSEDED_BOOST if superseded else 1.0,
    )


registry.register(
    "wagtailcore.Page",
    project_page,
    objects=lambda: Page.objects.live().specific(),
    signals=False,  # a page save is not a publish: search.handlers follows publishing instead
)
