from wagtail.signals import page_published

from . import guidance_follows
from .models.guidance import GuidancePage, record_change


def keep_guidance_change_note(sender, instance, **kwargs):
    """Every publish (from the editor, a workflow or a schedule) keeps a new change note and
    tells the page's followers of it, or of a new replacement."""
    change = record_change(instance)
    guidance_follows.after_publish(instance, change)


def connect():
    page_published.connect(
        keep_guidance_change_note, sender=GuidancePage, dispatch_uid="guidance_change_note"
    )
