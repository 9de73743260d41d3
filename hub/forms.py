"""Form presentation shared by every front-end form: GOV.UK Frontend classes and ARIA links."""

from django import forms

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


class HubFormMixin:
    """Give each widget its GOV.UK class, and point it at its hint and error messages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
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
