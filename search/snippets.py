"""Highlighted snippets: escaped text with ``<mark>`` around the words that matched."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

SNIPPET_CHARS = 240
# How far into each text to look for a query word. Bodies run to 200,000 characters; scanning
# one that never mentions the word (it matched in the title) took ~25 ms, for each hit on the
# page. A first mention further in than this is not shown; the summary or the start is.
SCAN_CHARS = 20_000
_SUFFIXES = ("ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly")


def stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= (2 if suffix == "s" else 3):
            return word[: -len(suffix)]
    return word


def pattern_for(words) -> re.Pattern | None:
    stems = sorted({stem(w.lower()) for w in words if w}, key=len, reverse=True)
    if not stems:
        return None
    alternatives = "|".join(re.escape(s) for s in stems)
    return re.compile(rf"\b(?:{alternatives})\w{{0,5}}\b", re.IGNORECASE)


def snippet(texts, words, length=SNIPPET_CHARS) -> str:
    """The passage of the first text that mentions a query word, or the start of the first."""
    pattern = pattern_for(words)
    texts = [t for t in texts if t]
    if not texts:
        return ""
    chosen, start = texts[0], 0
    if pattern is not None:
        for text in texts:
            found = pattern.search(text, 0, SCAN_CHARS)
            if found:
                chosen, start = text, max(0, found.start() - length // 4)
                break
    if start:
        # Start at a word boundary so the snippet does not open mid-word.
        space = chosen.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    passage = " ".join(chosen[start : start + length].split())
    prefix = "… " if start else ""
    suffix = " …" if start + length < len(chosen) else ""
    return mark_safe(prefix + highlight(passage, pattern) + suffix)  # noqa: S308 (escaped)


def highlight(text: str, pattern) -> str:
    if pattern is None:
        return escape(text)
    out, last = [], 0
    for found in pattern.finditer(text):
        out.append(escape(text[last : found.start()]))
        out.append(f"<mark>{escape(found.group(0))}</mark>")
        last = found.end()
    out.append(escape(text[last:]))
    return "".join(out)
