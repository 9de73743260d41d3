"""Form presentation shared by every front-end form: GOV.UK Frontend classes and ARIA links."""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.forms.utils import pretty_name
from django.utils.text import capfirst

_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
}


_CHOICE_WIDGETS = (
    forms.Select,
    forms.RadioSelect,
    forms.CheckboxSelectMultiple,
    forms.CheckboxInput,
)


def _named_messages(name, field):
    """Django's stock "This field is required." and length messages, rewritten to name the field
    (GOV.UK: an error summary of ten identical lines helps nobody). A form's own messages stay."""
    label = str(field.label or pretty_name(name)).removesuffix(" (optional)").strip()
    question = label.endswith("?")
    if question:
        subject = f"your answer to “{label}”"
    else:
        subject = label if label[:2].isupper() else label[:1].lower() + label[1:]
    widget = field.widget
    if question:
        required = f"Answer “{label}”"
    elif isinstance(widget, forms.FileInput):
        required = "Select a file."
    elif isinstance(widget, _CHOICE_WIDGETS):
        required = f"Select {subject}."
    else:
        required = f"Enter {subject}."
    messages = {"required": required}
    if isinstance(field, forms.CharField):
        messages["min_length"] = f"{capfirst(subject)} must be %(limit_value)d characters or more."
        messages["max_length"] = f"{capfirst(subject)} must be %(limit_value)d characters or fewer."
    return messages


def _name_the_field_in_messages(name, field):
    stock = {}
    for klass in reversed(type(field).__mro__):
        stock.update(getattr(klass, "default_error_messages", {}))
    for code, message in _named_messages(name, field).items():
        if str(field.error_messages.get(code, stock.get(code))) == str(stock.get(code)):
            field.error_messages[code] = message


class HubFormMixin:
    """Give each widget its GOV.UK class, point it at its hint and error messages, and make every
    stock error message name its field.

    Widgets are drawn with the site's own template engine, so ``templates/django/forms/`` can
    replace one of Django's widget templates for these forms alone (the admin's are Django's).
    """

    default_renderer = TemplatesSetting

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            _name_the_field_in_messages(name, field)
            widget = field.widget
            if widget.is_hidden:  # no label, hint or error message to point at
                continue
            css = next((c for kind, c in _CLASSES.items() if type(widget) is kind), "govuk-input")
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
            if field.help_text and not isinstance(
                widget, forms.RadioSelect | forms.CheckboxSelectMultiple
            ):
                # Not self[name]: that caches the bound field, and with it this help text, so a
                # form could no longer change a hint after this point.
                auto_id = field.get_bound_field(self, name).auto_id
                widget.attrs["aria-describedby"] = f"{auto_id}-hint"

    def full_clean(self):
        super().full_clean()
        for name, field in self.fields.items():
            if field.widget.is_hidden or isinstance(
                field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple
            ):
                continue
            if name in self.errors:
                error_id = f"{self[name].auto_id}-error"
                described = field.widget.attrs.get("aria-describedby", "")
                if error_id not in described:
                    field.widget.attrs["aria-describedby"] = f"{described} {error_id}".strip()
                    field.widget.attrs["class"] += _error_class(field.widget.attrs["class"])


def _error_class(classes):
    """GOV.UK's error modifier for the widget's own class (a select is not an input)."""
    for css in ("govuk-textarea", "govuk-select", "govuk-file-upload", "govuk-checkboxes__input"):
        if css in classes.split():
            return "" if css == "govuk-checkboxes__input" else f" {css}--error"
    return " govuk-input--error"
