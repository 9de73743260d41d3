from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = "Document library"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save
        from django_tasks.signals import task_finished

        from hub import backup, demo, navigation, page_cache, worker

        from . import demo as documents_demo
        from . import services, tasks

        navigation.register("Documents", "resources:library", order=20)
        page_cache.watch(self.get_model("Resource"))
        backup.counts_as_content(self.get_model("Resource"))
        demo.register(documents_demo.load, order=30)

        post_save.connect(
            _sync_admin_file, sender=self.get_model("Resource"), dispatch_uid="resources-sync"
        )
        # Work a dead worker left: its task fails, or a periodic sweep finds it (hub/worker.py).
        task_finished.connect(tasks.requeue_when_lost, dispatch_uid="resources-requeue-lost")
        worker.register_sweep(services.extraction_requeue_stale)


def _sync_admin_file(sender, instance, raw=False, **kwargs):
    # Files saved by the services already have their version row; this catches the admin's.
    if raw or getattr(instance, "version_follows", False) or instance.file.name in ("", "pending"):
        return
    from . import services

    services.resource_sync_admin_file(instance)
