from wagtail.signals import page_published


def keep_guidance_change_note(sender, instance, **kwargs):
    """Every publish (from the editor, a workflow or a schedule) keeps a new change note."""
    from resources.models.guidance import record_change

    record_change(instance)


def connect():
    from resources.models import GuidancePage

    page_published.connect(
        keep_guidance_change_note, sender=GuidancePage, dispatch_uid="guidance_change_note"
    )
