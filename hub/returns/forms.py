"""The evaluators' round editor and the sites' answer form.

Questions are Wagtail form-builder fields (``ReturnQuestion`` is an ``AbstractFormField``) and
the answer form is built from them by Wagtail's ``FormBuilder``, with a file field added.
"""

from __future__ import annotations

from django import forms
from wagtail.contrib.forms.forms import BaseForm, FormBuilder
from wagtail.contrib.forms.utils import get_field_clean_name

from hub.accounts.models import Organisation
from hub.forms import HubFormMixin
from resources import services as resource_services
from resources.extraction.filetypes import ALLOWED_EXTENSIONS, Rejected
from resources.forms import max_upload_bytes

from .models import ReturnQuestion, ReturnRound

TEXT_ANSWER_MAX = 4000
NUMBER_MAX_DIGITS = 15


class SiteChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class RoundForm(HubFormMixin, forms.ModelForm):
    sites = SiteChoiceField(
        label="Sites",
        queryset=Organisation.objects.filter(is_trailblazer=True).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        help_text="The trailblazer sites asked for this return.",
    )

    class Meta:
        model = ReturnRound
        fields = ["title", "instructions", "due_on", "accepts_late", "sites"]
        widgets = {
            "instructions": forms.Textarea(attrs={"rows": 5}),
            "due_on": forms.DateInput(attrs={"type": "date"}),
        }
        labels = {"title": "Title", "due_on": "Due date"}

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())


class QuestionForm(HubFormMixin, forms.ModelForm):
    class Meta:
        model = ReturnQuestion
        fields = ["label", "help_text", "field_type", "required", "choices"]
        widgets = {"choices": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "label": "Question",
            "help_text": "Hint (optional)",
            "required": "An answer is required",
            "choices": "Options (for a choice)",
        }
        help_texts = {"choices": "One option a line.", "help_text": ""}

    def clean(self):
        data = super().clean()
        if data.get("field_type") == "radio":
            options = [o.strip() for o in (data.get("choices") or "").splitlines() if o.strip()]
            if len(options) < 2:
                self.add_error("choices", "Give at least two options, one a line.")
            elif len(set(options)) != len(options):
                self.add_error("choices", "Each option may be given once.")
            else:
                data["choices"] = "\n".join(options)
        elif data.get("field_type"):
            data["choices"] = ""
        return data


class BaseQuestionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen, kept = set(), 0
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                continue
            if form.cleaned_data.get("DELETE"):
                continue
            kept += 1
            name = get_field_clean_name(form.cleaned_data.get("label") or "")
            if name in seen:
                form.add_error("label", "Another question has the same wording.")
            seen.add(name)
        if not kept:
            raise forms.ValidationError("Add at least one question.")


QuestionFormSet = forms.inlineformset_factory(
    ReturnRound,
    ReturnQuestion,
    form=QuestionForm,
    formset=BaseQuestionFormSet,
    extra=3,
    can_delete=True,
)


# --- The answer form ------------------------------------------------------------------------


class ReturnFormBuilder(FormBuilder):
    """Wagtail's builder with a capped text answer, a bounded number and a checked file."""

    def create_multiline_field(self, field, options):
        options["max_length"] = TEXT_ANSWER_MAX
        options.setdefault("widget", forms.Textarea(attrs={"rows": 5}))
        return forms.CharField(**options)

    def create_number_field(self, field, options):
        options["max_digits"] = NUMBER_MAX_DIGITS
        options["decimal_places"] = 4
        options.setdefault("widget", forms.NumberInput(attrs={"step": "any"}))
        return forms.DecimalField(**options)

    def create_radio_field(self, field, options):
        options["choices"] = [(o, o) for o in field.options]
        options.setdefault("widget", forms.RadioSelect)
        return forms.ChoiceField(**options)

    def create_file_field(self, field, options):
        options.pop("initial", None)
        hint = (
            "Allowed: "
            + ", ".join(ext.upper() for ext in ALLOWED_EXTENSIONS)
            + f". Up to {max_upload_bytes() / 2**20:.3g} MB."
        )
        options["help_text"] = f"{options['help_text']} {hint}".strip()
        return forms.FileField(**options)

    def get_field_options(self, field):
        options = super().get_field_options(field)
        options["initial"] = None
        return options

    def get_form_class(self):
        return type("ReturnAnswerForm", (AnswerFormMixin, HubFormMixin, BaseForm), self.formfields)


class AnswerFormMixin:
    """Answers for a draft or a submission; files checked as document uploads are.

    ``kept_files`` names the file answers already stored (question -> filename): such a question
    needs no new file, and the form says which file it keeps.
    """

    handler = None

    def __init__(self, *args, submitting=False, kept_files=None, **kwargs):
        kwargs.pop("user", None)
        super().__init__(*args, **kwargs)
        self.kept_files = kept_files or {}
        for name, field in self.fields.items():
            if isinstance(field, forms.FileField) and name in self.kept_files:
                field.required = False
                field.help_text = (
                    f"Now: {self.kept_files[name]}. Choose a file only to replace it. "
                    + str(field.help_text)
                )
            if not submitting:
                field.required = False  # a draft may be half done

    def clean(self):
        data = super().clean()
        if self.handler is not None and self.handler.too_large:
            # The upload was dropped as it arrived, so which question it answered is unknown.
            self.add_error(None, _too_large())
        for name, field in self.fields.items():
            if not isinstance(field, forms.FileField):
                continue
            upload = data.get(name)
            if upload is None:
                continue
            if upload.size > max_upload_bytes():
                self.add_error(name, _too_large())
                continue
            try:
                resource_services.check_file(upload.temporary_file_path(), upload.name)
            except Rejected as error:
                self.add_error(name, str(error))
        return data


def _too_large():
    return f"The file is larger than {max_upload_bytes() / 2**20:.3g} MB."


def answer_form_class(questions):
    return ReturnFormBuilder(questions).get_form_class()


def initial_from(answers, questions):
    """Form initial values from stored answers (files are shown as kept, not as initial)."""
    initial = {}
    for question in questions:
        value = answers.get(question.clean_name)
        if value is None or question.field_type == "file":
            continue
        initial[question.clean_name] = value
    return initial
