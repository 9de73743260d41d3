"""Text made safe for machine formats (XML feeds, iCalendar)."""

import unicodedata


def strip_control(text) -> str:
    """Drop control characters (except tab and newline) that XML 1.0 cannot carry.

    An editor pasting a title from a word processor can bring in ``\\x0b``; stock Django feeds
    would raise on it and break the feed for everyone.
    """
    text = "" if text is None else str(text)
    return "".join(
        ch for ch in text if ch in "\t\n" or unicodedata.category(ch) not in ("Cc", "Cs")
    )
