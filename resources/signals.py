"""Signals other apps (search) listen to, so they never need to import this app's internals."""

from django.dispatch import Signal

# Sent with ``instance=<Resource>`` when its extracted text or current file changed.
resource_text_changed = Signal()
