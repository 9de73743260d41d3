from wagtail import blocks


class CalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "warning"
        template = "home/blocks/callout.html"
        preview_value = {
            "heading": "Before you start",
            "text": "<p>Check the person's care and support plan has been reviewed.</p>",
        }


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=600)
    attribution = blocks.CharBlock(max_length=120, required=False)

    class Meta:
        icon = "openquote"
        template = "home/blocks/quote.html"
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
