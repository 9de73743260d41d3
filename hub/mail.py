"""One email with a one-click unsubscribe, as every list the hub sends (replies, digests,
guidance follows, saved searches) builds it."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def absolute(path: str) -> str:
    """A full address: emails are read away from the site. Pages on a second site have one."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def sign(payload: dict, *, salt: str) -> str:
    """A tamper-proof token for an unsubscribe link; each list signs with its own salt."""
    return signing.dumps(payload, salt=salt, compress=True)


def unsign(token: str, *, salt: str) -> dict | None:
    """The payload of a token signed with ``salt``, or None for anything forged or mangled.
    Each list still checks the payload's shape: a valid signature says who wrote it, not what."""
    try:
        payload = signing.loads(token, salt=salt)
    except signing.BadSignature:
        return None
    return payload if isinstance(payload, dict) else None


def unsubscribable(*, to, subject, template, context, unsubscribe_url) -> EmailMultiAlternatives:
    """Text and HTML from ``template`` + ``.txt``/``.html``, with the List-Unsubscribe headers
    mail clients offer as one click (RFC 8058)."""
    message = EmailMultiAlternatives(
        " ".join(subject.split()),
        render_to_string(f"{template}.txt", context),
        to=[to],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message
