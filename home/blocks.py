"""Stream blocks for every page family.

Documents never go inside a body block: they are kept in their own fields and filtered through
the access layer before a page shows them, so a private file's title cannot leak in a body.
"""

import datetime

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock


class CalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "warning"
        template = "components/blocks/callout.html"
        preview_value = {
            "heading": "Before you start",
            "text": "<p>Check the person's care and support plan has been reviewed.</p>",
        }


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=600)
    attribution = blocks.CharBlock(max_length=120, required=False)

    class Meta:
        icon = "openquote"
        template = "components/blocks/quote.html"
        preview_value = {
            "quote": "Residents told us they wanted a say in how the money was spent.",
            "attribution": "A trailblazer project lead",
        }


class BodyBlock(blocks.StreamBlock):
    """The body of standard, guidance, practice, site and news pages."""

    heading = blocks.CharBlock(
        form_classname="title",
        icon="title",
        template="components/blocks/heading.html",
        help_text="A section heading (shown as a level 2 heading).",
    )
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h3"],
        icon="pilcrow",
        template="components/blocks/paragraph.html",
    )
    callout = CalloutBlock()
    quote = QuoteBlock()

    class Meta:
        template = "components/blocks/body.html"


class AgendaItemBlock(blocks.StructBlock):
    time = blocks.TimeBlock(required=False)
    title = blocks.CharBlock(max_length=160)
    lead = blocks.CharBlock(max_length=160, required=False, help_text="Who leads this session.")
    description = blocks.TextBlock(required=False, max_length=1000)

    class Meta:
        icon = "time"
        template = "components/blocks/agenda_item.html"
        preview_value = {
            "time": datetime.time(10, 30),
            "title": "Progress from the sites",
            "lead": "Programme team",
            "description": "Each site gives a five-minute update.",
        }


class ActionBlock(blocks.StructBlock):
    action = blocks.CharBlock(max_length=300)
    owner = blocks.CharBlock(max_length=120, required=False)
    due = blocks.DateBlock(required=False)

    class Meta:
        icon = "tick"
        template = "components/blocks/action.html"
        preview_value = {
            "action": "Share the draft contract wording with all sites",
            "owner": "Programme team",
            "due": datetime.date(2014, 7, 1),
        }


class ProgressUpdateBlock(blocks.StructBlock):
    date = blocks.DateBlock()
    title = blocks.CharBlock(max_length=160)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "date"
        template = "components/blocks/progress_update.html"
        preview_value = {
            "date": datetime.date(2014, 3, 1),
            "title": "First direct payments made",
            "text": "<p>Three residents now receive a direct payment.</p>",
        }


class DocumentListBlock(blocks.StreamBlock):
    """Documents picked in the admin; pages filter them for the reader before showing them."""

    document = DocumentChooserBlock()


class AgendaBlock(blocks.StreamBlock):
    item = AgendaItemBlock()


class ActionsBlock(blocks.StreamBlock):
    action = ActionBlock()


class ProgressBlock(blocks.StreamBlock):
    update = ProgressUpdateBlock()
