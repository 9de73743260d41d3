from django.db import models


class ContentGeneration(models.Model):
    """One counter that goes up whenever anything a page shows may have changed.

    It lives in the database, not the cache, so that every web process (each with its own
    local-memory cache on one machine) and the task worker see a change at once.
    """

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "content generation"

    def __str__(self):
        return f"content generation {self.value}"
