"""The rules that turn a council's numbers into a readiness status, edited by the programme
team under Settings › Readiness rules (the view itself is ``home/readiness.py``)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="tasks")
class ReadinessRules(BaseGenericSetting):
    min_members = models.PositiveSmallIntegerField(
        "approved members",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="How many approved members a council needs to be ready.",
    )
    min_key_guidance = models.PositiveSmallIntegerField(
        "key guidance read",
        default=3,
        validators=[MaxValueValidator(100)],
        help_text="How many key guidance pages its people must have opened. If fewer pages "
        "are marked key, reading all of them is enough.",
    )
    active_within_days = models.PositiveSmallIntegerField(
        "active within (days)",
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text="A ready council has signed in, read or downloaded something this recently.",
    )
    silent_after_days = models.PositiveSmallIntegerField(
        "silent after (days)",
        default=120,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text="A council with no approved members, or none active for this long, is silent.",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("min_members"),
                FieldPanel("min_key_guidance"),
                FieldPanel("active_within_days"),
            ],
            heading="Ready when all of these hold",
        ),
        FieldPanel("silent_after_days"),
    ]

    class Meta:
        verbose_name = "readiness rules"
        verbose_name_plural = "readiness rules"

    def __str__(self):
        return "Readiness rules"
