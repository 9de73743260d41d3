"""Tag rules shared by every taggable thing on the site (pages, documents, threads).

All of them use django-taggit's one ``Tag`` model, so a tag means the same everywhere.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.text import slugify

MAX_TAGS = 5
MAX_TAG_LENGTH = 50


def tag_slug(name: str) -> str:
    """A slug for a tag name; empty when the name has no letters or digits at all."""
    return slugify(unicodedata.normalize("NFKD", name))


def clean_tag_names(names) -> list[str]:
    """Tidy and check a list of tag names: at most five, 50 characters each, each sluggable.

    Raises ValidationError with a message a person can act on.
    """
    cleaned, seen = [], set()
    for raw in names:
        name = " ".join(str(raw).replace("\x00", "").split())
        name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
        if not name:
            continue
        if len(name) > MAX_TAG_LENGTH:
            raise ValidationError(
                f"Keep each tag to {MAX_TAG_LENGTH} characters or fewer ('{name[:20]}…' is "
                f"{len(name)})."
            )
        slug = tag_slug(name)
        if not slug:
            raise ValidationError(f"The tag '{name}' needs at least one letter or number.")
        if slug in seen:
            continue
        seen.add(slug)
        cleaned.append(name)
        if len(cleaned) > MAX_TAGS:
            raise ValidationError(f"Use at most {MAX_TAGS} tags.")
    return cleaned
