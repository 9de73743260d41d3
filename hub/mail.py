"""One email with a one-click unsubscribe, as every list the hub sends (replies, digests,
guidance follows, saved searches) builds it."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


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
