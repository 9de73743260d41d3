from wagtail import blocks


class BodyBlock(blocks.StreamBlock):
    """The body of a standard page. Later page families add richer blocks of their own."""

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

    class Meta:
        template = "components/blocks/body.html"
