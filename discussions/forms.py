from django import forms
from django.core.exceptions import ValidationError

from hub.accounts.models import Organisation
from hub.forms import HubFormMixin
from hub.tagging import MAX_TAGS, clean_tag_names

from . import areas, events
from .models import BODY_MAX, TITLE_MAX, TITLE_MIN
from .text import clean_body, clean_title


class TagsField(forms.CharField):
    """Tags typed as one comma-separated line, checked by the site-wide tag rules."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 400)
        kwargs.setdefault(
            "help_text", f"Up to {MAX_TAGS}, separated by commas, e.g. top-ups, contracts."
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return clean_tag_names(value.split(",")) if value else []


class BodyField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", BODY_MAX)
        kwargs.setdefault("strip", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 8}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return clean_body(value) if value else value


class TitleField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(min_length=TITLE_MIN, max_length=TITLE_MAX, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return clean_title(value) if value else value


BODY_HELP = "Markdown works: **bold**, *italic*, lists, [links](https://example.org)."


class ThreadForm(HubFormMixin, forms.Form):
    title = TitleField(
        help_text="Ask your question in one sentence, e.g. How did you handle third-party top-ups?"
    )
    body = BodyField(label="Details", help_text=BODY_HELP)
    tags = TagsField()
    area = forms.ChoiceField(
        label="Who can read it",
        widget=forms.RadioSelect,
        help_text="Only the areas you belong to are offered.",
    )
    organisation = forms.ModelChoiceField(
        label="Site it is about (optional)",
        queryset=Organisation.objects.filter(is_trailblazer=True),
        required=False,
    )
    learning_event = forms.ModelChoiceField(
        label="Learning event it came from (optional)", queryset=None, required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [(a.key, a.label) for a in areas.areas_for(user)]
        self.fields["area"].initial = "members"
        learning_events = events.visible_to(user)
        if learning_events is None:
            del self.fields["learning_event"]
        else:
            self.fields["learning_event"].queryset = learning_events


class ThreadEditForm(HubFormMixin, forms.Form):
    title = TitleField()
    body = BodyField(label="Details", help_text=BODY_HELP)
    tags = TagsField()


class ReplyForm(HubFormMixin, forms.Form):
    body = BodyField(label="Your reply", help_text=BODY_HELP)


class FlagForm(HubFormMixin, forms.Form):
    reason = forms.CharField(
        label="What is wrong with this post?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The programme team reads every report.",
    )

    def clean_reason(self):
        return clean_body(self.cleaned_data["reason"])


class ModerateThreadForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            (a, a) for a in ("hide", "unhide", "lock", "unlock", "pin", "unpin", "move", "retag")
        ]
    )
    area = forms.ChoiceField(choices=areas.CHOICES, required=False)
    tags = TagsField()
    # A move that shows the thread to more people is asked about first, then sent confirmed.
    confirm = forms.BooleanField(required=False)

    def clean(self):
        data = super().clean()
        if data.get("action") == "move" and not data.get("area"):
            raise ValidationError("Choose the area to move the discussion to.")
        return data


class MergeTagsForm(HubFormMixin, forms.Form):
    source = forms.CharField(label="Merge this tag (slug)", max_length=100)
    target = forms.CharField(label="into this tag (slug)", max_length=100)
