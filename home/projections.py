"""How every page is searched: one projector for every ``SearchablePage``.

A page says what search needs through ``SearchablePage``: its kind (the facet), summary, date,
organisation, the words that describe it (a place, a day) and a boost (superseded guidance is
demoted). The organisation's name, those words and what kind of page it is ("practice example")
end the searchable text, so a council's name finds its practice examples and "learning event"
finds events, even when their own words never say so.
"""

from django.core.exceptions import FieldDoesNotExist
from django.utils.html import strip_tags
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from hub.accounts import access
from search import registry

from . import directory_projections  # noqa: F401 (people and organisations)
from .models import SearchablePage

OWN_COLUMNS = {"title", "summary", "search_description", "tags"}


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
    kind = page._meta.verbose_name if page.search_kind != "page" else ""
    # A site page's council is its own title already.
    who = str(organisation) if organisation and str(organisation) != page.title else ""
    return "\n".join(part for part in (who, *page.search_context(), kind) if part)


def project_page(page, context):
    if not isinstance(page, SearchablePage) or not page.live:
        return None
    rule = access.page_rule(page, context.viewer)
    url = page.get_url()
    if rule.password or not url:
        return None
    tags = list(page.tags.all()) if hasattr(page, "tags") else []
    organisation = page.search_organisation()
    return registry.Projection(
        kind=page.search_kind,
        title=page.title,
        url=url,
        rule=rule,
        summary=page.search_summary(),
        body="\n".join(
            part for part in (page_body(page), described_by(page, organisation)) if part
        ),
        tags=tags,
        organisation=str(organisation) if organisation else "",
        date=page.search_date(),
        boost=page.search_boost(),
        replaced=page.search_replaced(),
    )


registry.register(
    "wagtailcore.Page",
    project_page,
    objects=lambda: Page.objects.live().specific(),
    signals=False,  # a page save is not a publish: search.handlers follows publishing instead
)
