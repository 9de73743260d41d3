"""Rules for free text people type on the site (titles, posts, descriptions, tag names).

Shared by discussions, the document library and tags, so it lives at the bottom layer: one
answer to "is there anything here a reader can see?" wherever the text is typed.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError

NEEDS_VISIBLE = "needs at least one letter or number; blank and invisible characters do not count"

# Letters in Unicode's eyes that render as nothing: Hangul fillers and the braille blank.
_FILLERS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}
# Unicode's Default_Ignorable_Code_Point ranges: shown as nothing when not supported.
_DEFAULT_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
# Embeddings, overrides and isolates: they can make a title read backwards.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def is_ignorable(ch: str) -> bool:
    """A code point that renders as nothing, whatever its category says."""
    return ch in _FILLERS or bool(_DEFAULT_IGNORABLE.match(ch))


def is_visible(ch: str) -> bool:
    """A letter, digit, punctuation mark or symbol that draws something on the screen."""
    return unicodedata.category(ch)[0] in "LNPS" and not is_ignorable(ch)


def has_visible_text(text: str) -> bool:
    return any(is_visible(ch) for ch in text)


def strip_bidi_controls(text: str) -> str:
    return BIDI_CONTROLS.sub("", text)


def require_visible(text: str, message: str) -> str:
    """Return ``text`` unchanged, or refuse it when a reader would see nothing at all."""
    if not has_visible_text(text):
        raise ValidationError(message, code="invisible")
    return text


def clean_single_line(text: str, *, what: str) -> str:
    """A title-like line: bidi controls dropped, spaces collapsed, something visible left."""
    text = " ".join(strip_bidi_controls(text).split())
    return require_visible(text, f"{what} {NEEDS_VISIBLE}.")
