"""Reading the emails a real SMTP server received (the ``smtp_inbox`` fixture in conftest)."""

import re


def parts(message):
    """The text and HTML bodies of one message, by content type."""
    found = {}
    for part in message.walk():
        if part.get_content_type() in {"text/plain", "text/html"}:
            found[part.get_content_type()] = part.get_payload(decode=True).decode()
    return found


def header(message, name):
    """A header as one line (long ones arrive folded)."""
    return " ".join(message[name].split())


def links(text):
    return re.findall(r"https?://[^\s\"'<>)]+", text)
