from wagtail.signals import page_published

from .models.guidance import GuidancePage, record_change


def keep_guidance_change_note(sender, instance, **kwargs):
    """Every publish (from the editor, a workflow or a schedule) keeps a new change note."""
    record_change(instance)


def connect():
    page_published.connect(
        keep_guidance_change_note, sender=GuidancePage, dispatch_uid="guidance_change_note"
    )
