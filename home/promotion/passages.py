"""An item's text as passages the programme team keeps or leaves out of its public copy.

A page's passages are its body's headings, paragraphs (one per top-level element of a rich text
block: a paragraph, a list, a subheading), callouts and quotes; a document's are its description
and the paragraphs of its extracted text; a thread's are its question and each visible reply.

Each passage carries the stream blocks it becomes in the copy. Links in kept text are made safe
here: a link anyone may follow stays, any other becomes its plain words.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, NavigableString
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.html import escape
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site

from discussions.text import plain_text
from hub.accounts import access

from ..projections import _block_text

# A document's text can run to thousands of paragraphs; the screen shows this many at most.
MAX_PASSAGES = 400
_BLANK_LINES = re.compile(r"\n\s*\n")


@dataclass
class Passage:
    key: str
    label: str
    text: str  # the plain words, as the audit log keeps them
    blocks: list[dict] = field(default_factory=list)  # stream blocks of the public copy
    is_heading: bool = False


def plain(html: str) -> str:
    """The words as a reader sees them ("&", not "&amp;"), on one line."""
    return " ".join(plain_text(html).split())


# --- Links ----------------------------------------------------------------------------------


def _public_page_ids(ids):
    if not ids:
        return set()
    return set(
        access.pages_visible_to(AnonymousUser(), Page.objects.filter(pk__in=ids)).values_list(
            "pk", flat=True
        )
    )


def _public_document_ids(ids):
    if not ids:
        return set()
    documents = get_document_model().objects.filter(pk__in=ids)
    return set(access.documents_visible_to(AnonymousUser(), documents).values_list("pk", flat=True))


def _is_external(href: str, own_hosts: set[str]) -> bool:
    """A link off the hub: an address on another site or an email address.

    Any address on the hub itself (relative, or naming this host) might lead somewhere
    private, and a copy cannot tell, so it is not kept.
    """
    parts = urlsplit(href.strip())
    if parts.scheme == "mailto":
        return True
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False
    host = parts.hostname or ""
    return not any(host == h or host.endswith("." + h) for h in own_hosts)


def _own_hosts() -> set[str]:
    """Every name the hub answers to: its allowed hosts (never the "*" wildcard, which names
    nothing), its admin base address and each Wagtail site's hostname."""
    own = {h.lstrip(".").strip("[]") for h in settings.ALLOWED_HOSTS if h != "*"}
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname
    # Wagtail keeps the sites' root addresses in the cache: no query once warm.
    own.update(urlsplit(path.root_url).hostname for path in Site.get_site_root_paths())
    return {h for h in (*own, base) if h}


def public_links_only(html: str) -> str:
    """Rich text (Wagtail's stored form, or sanitised post HTML) with every link to something
    the public may not see turned into its plain words, and embeds dropped."""
    soup = BeautifulSoup(html, "html.parser")
    anchors = soup.find_all("a")
    page_ids = {int(a["id"]) for a in anchors if a.get("linktype") == "page" and _int(a.get("id"))}
    doc_ids = {
        int(a["id"]) for a in anchors if a.get("linktype") == "document" and _int(a.get("id"))
    }
    public_pages, public_docs = _public_page_ids(page_ids), _public_document_ids(doc_ids)
    plain_links = any(a.get("linktype") is None and a.get("href") for a in anchors)
    own_hosts = _own_hosts() if plain_links else set()
    for anchor in anchors:
        kind = anchor.get("linktype")
        if kind == "page":
            keep = _int(anchor.get("id")) and int(anchor["id"]) in public_pages
        elif kind == "document":
            keep = _int(anchor.get("id")) and int(anchor["id"]) in public_docs
        elif kind is None and anchor.get("href"):
            keep = _is_external(anchor["href"], own_hosts)
        else:
            keep = False
        if not keep:
            anchor.unwrap()
    for embed in soup.find_all("embed"):
        embed.decompose()
    return str(soup)


def _int(value) -> bool:
    return value is not None and str(value).isdecimal()


# --- Pages ----------------------------------------------------------------------------------


def _rich_passages(html, label):
    """One passage per top-level element of rich text; loose text makes a paragraph."""
    soup = BeautifulSoup(public_links_only(html), "html.parser")
    found = []
    for node in soup.contents:
        if isinstance(node, NavigableString):
            text = str(node).strip()
            if text:
                found.append(f"<p>{escape(text)}</p>")
        elif plain(str(node)):
            found.append(str(node))
    return [
        Passage(
            key="",
            label=label,
            text=plain(part),
            blocks=[{"type": "paragraph", "value": part}],
        )
        for part in found
    ]


def _heading(text, label="Heading"):
    text = " ".join(str(text).split())
    if not text:
        return []
    return [
        Passage(
            key="",
            label=label,
            text=text,
            blocks=[{"type": "heading", "value": text}],
            is_heading=True,
        )
    ]


def _body_block_passages(child):
    name, value = child.block_type, child.value
    if name == "heading":
        return _heading(value)
    if name == "paragraph":
        return _rich_passages(value.source, "Paragraph")
    if name == "callout":
        return _heading(value.get("heading"), "Callout heading") + _rich_passages(
            value.get("text").source, "Callout text"
        )
    if name == "quote":
        quote = " ".join(str(value.get("quote") or "").split())
        if not quote:
            return []
        attribution = value.get("attribution") or ""
        return [
            Passage(
                key="",
                label="Quote",
                text=f"{quote} {attribution}".strip(),
                blocks=[{"type": "quote", "value": {"quote": quote, "attribution": attribution}}],
            )
        ]
    return _other_block_passages(child)


def _other_block_passages(child):
    """Blocks of other streams (an agenda item, an action): their words, as a paragraph.
    Chosen documents are never copied: their files stay where they are."""
    if isinstance(child.block, DocumentChooserBlock):
        return []
    text = " ".join(_block_text(child.block, child.value))
    if not text.strip():
        return []
    return [
        Passage(
            key="",
            label=str(child.block.label or "Item"),
            text=text,
            blocks=[{"type": "paragraph", "value": f"<p>{escape(text)}</p>"}],
        )
    ]


def page_passages(page) -> list[Passage]:
    """The body's passages of every stream and rich text field the page's family adds."""
    found = []
    base = {f.name for f in Page._meta.get_fields()}
    for model_field in page._meta.get_fields():
        if model_field.name in base or not getattr(model_field, "concrete", False):
            continue
        value = getattr(page, model_field.name, None)
        if isinstance(model_field, StreamField) and value:
            is_body = isinstance(model_field.stream_block, blocks.StreamBlock) and (
                "paragraph" in model_field.stream_block.child_blocks
            )
            for child in value:
                found += _body_block_passages(child) if is_body else _other_block_passages(child)
        elif isinstance(model_field, RichTextField) and value:
            found += _heading(model_field.verbose_name.capitalize(), "Section") + _rich_passages(
                value, "Paragraph"
            )
    return found


# --- Documents and threads -------------------------------------------------------------------


def _text_passages(text, label):
    parts = [" ".join(p.split()) for p in _BLANK_LINES.split(text or "")]
    if len(parts) == 1:  # text with no blank lines: one paragraph a line
        parts = [" ".join(p.split()) for p in (text or "").splitlines()]
    return [
        Passage(
            key="",
            label=label,
            text=part,
            blocks=[{"type": "paragraph", "value": f"<p>{escape(part)}</p>"}],
        )
        for part in parts
        if part
    ]


def document_passages(resource) -> list[Passage]:
    return _text_passages(resource.description, "Description") + _text_passages(
        resource.extracted_text, "Paragraph"
    )


def _post(html, label):
    html = public_links_only(html)
    text = plain(html)
    if not text:
        return []
    return [
        Passage(
            key="",
            label=label,
            text=text,
            blocks=[{"type": "heading", "value": label}, {"type": "paragraph", "value": html}],
        )
    ]


def thread_passages(thread) -> list[Passage]:
    """The question, the accepted answer, then the other visible replies."""
    found = [] if thread.is_deleted else _post(thread.body_html, "The question")
    replies = list(thread.visible_replies().order_by("created_at", "pk"))
    accepted = [r for r in replies if r.pk == thread.accepted_reply_id]
    for reply in accepted:
        found += _post(reply.body_html, "Accepted answer")
    for reply in replies:
        if reply.pk != thread.accepted_reply_id:
            found += _post(reply.body_html, "Reply")
    return found


# --- All of them ----------------------------------------------------------------------------


def numbered(passages) -> list[Passage]:
    """Give each passage its key (its place) and a label readers can tell apart."""
    passages = passages[:MAX_PASSAGES]
    for number, passage in enumerate(passages, start=1):
        passage.key = str(number)
        passage.label = f"{passage.label} (passage {number})"
    return passages


def fingerprint(passages) -> str:
    """Changes when any passage does: a promotion chosen against older text is refused."""
    digest = hashlib.sha256()
    for passage in passages:
        digest.update(passage.text.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:32]
