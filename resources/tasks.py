"""Background work for the document library, run by the django-tasks worker."""

from django_tasks import task


@task()
def extract_resource_text(resource_id: int, retitle: bool = False):
    from . import services

    # Each run also rescues extractions whose worker was killed mid-way, so none stays
    # "running" for ever even without a scheduler.
    services.extraction_requeue_stale()
    resource = services.extraction_run(resource_id, retitle=retitle)
    return None if resource is None else resource.extraction_status
