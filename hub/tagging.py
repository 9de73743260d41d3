"""Tag rules shared by every taggable thing on the site (pages, documents, threads).

All of them use django-taggit's one ``Tag`` model, so a tag means the same everywhere.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from taggit.models import Tag

from .text import NEEDS_VISIBLE, is_ignorable, is_visible

MAX_TAGS = 5
MAX_TAG_LENGTH = 50


def tag_slug(name: str) -> str:
    """A slug for a tag name; empty when the name has no letters or digits at all."""
    return slugify(unicodedata.normalize("NFKD", name))


def _is_word_part(ch: str) -> bool:
    # Emoji and pictographs (So, Sk) are decoration, not part of what a tag means.
    return is_visible(ch) and unicodedata.category(ch) not in {"So", "Sk"}


def _tidy(name: str) -> str:
    """The name as a tag: decoration and invisible characters out, no punctuation at the ends.

    Without this, "😀 care" would be a tag of its own holding the slug ``care``, and the
    real "care" tag would get ``care_1`` and a different address.
    """
    kept = ""
    for ch in unicodedata.normalize("NFC", name):
        # A combining mark stays only on the letter it belongs to: "é" typed as e + U+0301.
        if _is_word_part(ch) or (
            unicodedata.category(ch)[0] == "M"
            and not is_ignorable(ch)
            and kept
            and not kept[-1].isspace()
        ):
            kept += ch
        else:
            kept += ch if ch.isspace() else " "
    start, end = 0, len(kept)
    while start < end and not kept[start].isalnum():
        start += 1
    while end > start and unicodedata.category(kept[end - 1])[0] not in "LNM":
        end -= 1
    return " ".join(kept[start:end].split())


def _same_tag_name(name: str) -> str:
    """The existing tag's spelling when ``name`` would take its slug ("Care!" is "care").

    Tags are told apart by their slug in every address, so two names with one slug are one
    tag; the first spelling stays, as it does for names differing only in case.
    """
    existing = Tag.objects.filter(slug=Tag().slugify(name)).values_list("name", flat=True)
    return existing.first() or name


def clean_tag_names(names) -> list[str]:
    """Tidy and check a list of tag names: at most five, 50 characters each, each sluggable.

    Raises ValidationError with a message a person can act on.
    """
    cleaned, seen = [], set()
    for raw in names:
        typed = " ".join(str(raw).replace("\x00", "").split())
        typed = "".join(ch for ch in typed if unicodedata.category(ch)[0] != "C")
        if not typed:
            continue
        if len(typed) > MAX_TAG_LENGTH:
            raise ValidationError(
                f"Keep each tag to {MAX_TAG_LENGTH} characters or fewer ('{typed[:20]}…' is "
                f"{len(typed)})."
            )
        name = _tidy(typed)
        if not name or not tag_slug(name):
            raise ValidationError(f"The tag '{typed}' {NEEDS_VISIBLE}.")
        name = _same_tag_name(name)
        keys = {tag_slug(name), name.casefold()}
        if keys & seen:
            continue
        seen |= keys
        cleaned.append(name)
        if len(cleaned) > MAX_TAGS:
            raise ValidationError(f"Use at most {MAX_TAGS} tags.")
    return cleaned
