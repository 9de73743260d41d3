"""What a search request may ask for. Anything else is a clear error, never a 500."""

from django import forms

from hub.forms import HubFormMixin
from search.engines.base import MAX_PAGE
from search.query import MAX_QUERY_CHARS

MAX_FILTER_VALUES = 10


class MultiValueField(forms.Field):
    """A repeated query parameter (``?tag=a&tag=b``), each value a short plain string."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        values = [str(v).strip() for v in values if str(v).strip()]
        if len(values) > MAX_FILTER_VALUES:
            raise forms.ValidationError(f"Choose at most {MAX_FILTER_VALUES} values.")
        if any(len(v) > 255 or "\x00" in v for v in values):
            raise forms.ValidationError("That filter value is not one we know.")
        return values


class YearField(MultiValueField):
    def to_python(self, value):
        values = super().to_python(value)
        if any(not (v.isdigit() and len(v) == 4) for v in values):
            raise forms.ValidationError("A year is four digits, like 2014.")
        return values


class SearchForm(HubFormMixin, forms.Form):
    q = forms.CharField(
        label="Search the hub",
        required=False,
        # Longer input is refused by the query parser with a message saying how long it was.
        max_length=MAX_QUERY_CHARS * 4,
        strip=False,
    )
    kind = MultiValueField(required=False)
    tag = MultiValueField(required=False)
    organisation = MultiValueField(required=False)
    year = YearField(required=False)
    sort = forms.ChoiceField(
        choices=[("relevance", "Relevance"), ("newest", "Newest first")],
        required=False,
        label="Sort by",
    )
    verbatim = forms.BooleanField(
        required=False, help_text="Search the words as typed, without correcting spelling."
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE,
        error_messages={
            "max_value": f"Only the first {MAX_PAGE} pages are shown: add words to narrow it down.",
            "min_value": "Pages start at 1.",
            "invalid": "The page number must be a whole number.",
        },
    )

    def __init__(self, data=None, **kwargs):
        if data is not None and hasattr(data, "getlist"):
            data = {
                key: data.getlist(key) if key in ("kind", "tag", "organisation", "year") else value
                for key, value in data.items()
            }
        super().__init__(data, **kwargs)

    def clean_q(self):
        return (self.cleaned_data.get("q") or "").replace("\x00", " ")

    def filters(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("kind", "tag", "organisation", "year")
            if self.cleaned_data.get(name)
        }

    def first_error(self) -> str:
        for errors in self.errors.values():
            return str(errors[0])
        return ""


class SaveSearchForm(SearchForm):
    """The search to save: the same words and filters ``/search/`` takes; words required."""

    def clean_q(self):
        text = " ".join(super().clean_q().split())
        if not text:
            raise forms.ValidationError("Search for some words before saving the search.")
        return text


class SavedSearchChangeForm(HubFormMixin, forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        error_messages={"required": "Enter a name for the saved search."},
    )
    frequency = forms.ChoiceField(
        label="Email me",
        choices=[("daily", "Daily"), ("weekly", "Weekly"), ("never", "Never")],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose daily, weekly or never."},
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].replace("\x00", " ").split())
        if not name:
            raise forms.ValidationError("Enter a name for the saved search.")
        return name
