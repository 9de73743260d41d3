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


def requeue_when_lost(sender, task_result, **kwargs):
    """On django-tasks' ``task_finished``: an extraction task that failed (its worker died, or
    it raised) may have left its document "running"; queue it again at once."""
    from django_tasks import TaskResultStatus

    from . import services

    if (
        task_result.status == TaskResultStatus.FAILED
        and task_result.task.module_path == extract_resource_text.module_path
        and task_result.args
    ):
        services.extraction_requeue_stale(resource_ids=[task_result.args[0]])
