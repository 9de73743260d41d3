"""Turning what people type into safe HTML, and refusing text that only looks like text."""

import html
import re
import unicodedata

import nh3
from django.core.exceptions import ValidationError
from markdown_it import MarkdownIt

from hub.text import NEEDS_VISIBLE, has_visible_text, strip_bidi_controls

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}

# Raw HTML is off: anything that looks like a tag is shown as text.
_markdown = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
_URL = re.compile(r"(?i)\b(?:[a-z][a-z0-9+.-]*:(?://)?\S+|www\.\S+)")
_BODY_CONTROLS = set("\n\r\t")


def render_markdown(source: str) -> str:
    """Markdown to HTML fit to show to anyone: allowed tags only, safe links marked as user's.

    Headings are shifted down two levels so a post never competes with the page's own.
    """
    html = _markdown.render(source)
    html = re.sub(r"<(/?)h([12])>", lambda m: f"<{m[1]}h{int(m[2]) + 2}>", html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc",
    )


def plain_excerpt(source: str, limit: int = 600) -> str:
    """The words of a post without markup or web addresses, for email: a mail client would turn
    any address into a link, and email must only link to the hub."""
    text = nh3.clean(render_markdown(source), tags=set())
    text = _URL.sub("[link]", html.unescape(text))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def plain_text(body_html: str) -> str:
    """The words of a sanitised post as a reader sees them, for search: no Markdown marks
    (``**``, ``#``), link text without its address. Plain text, not HTML: whatever shows it
    (a highlighted snippet) escapes it again."""
    return html.unescape(nh3.clean(body_html, tags=set())).strip()


def feed_excerpt(body_html: str, limit: int = 300) -> str:
    """The words of a sanitised post as HTML-escaped text, for an RSS description.

    Feed readers render a description as HTML, so the text keeps its entities: ``&lt;img&gt;``
    typed in a post stays words on the screen. It is never unescaped, and it is cut between
    words so an entity is never split. Web addresses go, as in email: the feed links only here.
    """
    text = _URL.sub("[link]", nh3.clean(body_html, tags=set()))
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def clean_title(value: str) -> str:
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise ValidationError(
            "The title contains control characters (such as tabs or invisible codes). "
            "Type it again without them."
        )
    value = " ".join(strip_bidi_controls(value).split())
    if not has_visible_text(value):
        raise ValidationError(f"Enter a title: it {NEEDS_VISIBLE}.")
    return value


def clean_body(value: str) -> str:
    if any(unicodedata.category(ch) == "Cc" and ch not in _BODY_CONTROLS for ch in value):
        raise ValidationError(
            "The text contains invisible control characters. Paste it as plain text and try again."
        )
    value = value.replace("\r\n", "\n").strip()
    if not has_visible_text(value):
        raise ValidationError(f"Write something: the text is empty. It {NEEDS_VISIBLE}.")
    return value
