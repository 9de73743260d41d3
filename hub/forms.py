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
            css = next((c for kind, c in _CLASSES.items() if type(widget) is kind), "govuk-input")
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
            if field.help_text and not isinstance(
                widget, forms.RadioSelect | forms.CheckboxSelectMultiple
            ):
                widget.attrs["aria-describedby"] = f"{self[name].auto_id}-hint"

    def full_clean(self):
        super().full_clean()
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                continue
            if name in self.errors:
                error_id = f"{self[name].auto_id}-error"
                described = field.widget.attrs.get("aria-describedby", "")
                if error_id not in described:
                    field.widget.attrs["aria-describedby"] = f"{described} {error_id}".strip()
                    field.widget.attrs["class"] += " govuk-input--error"
