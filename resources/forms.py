from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files.uploadhandler import SkipFile, TemporaryFileUploadHandler
from wagtail.models import Page

from hub.accounts.models import Organisation
from hub.forms import HubFormMixin
from hub.tagging import clean_tag_names
from hub.text import NEEDS_VISIBLE, clean_single_line, require_visible

from . import services
from .extraction.filetypes import ALLOWED_EXTENSIONS, Rejected
from .models import Resource


def max_upload_bytes():
    return getattr(settings, "RESOURCES_MAX_UPLOAD_BYTES", 25 * 1024 * 1024)


class CappedUploadHandler(TemporaryFileUploadHandler):
    """Stream uploads to a temporary file and drop any file past the size cap as it arrives.

    The body is never held in memory, and a file over the cap is discarded (its temporary file
    closed and deleted) the moment it crosses the line; the form then says why.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.cap = max_upload_bytes()
        self.received = 0
        self.too_large = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # A body declared bigger than the cap (plus room for the form fields) cannot hold an
        # acceptable file: refuse without writing anything.
        self.too_large = bool(content_length and content_length > self.cap + 64 * 1024)

    def new_file(self, *args, **kwargs):
        self.received = 0
        if self.too_large:
            raise SkipFile()
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.cap:
            self.too_large = True
            self.file.close()
            raise SkipFile()
        return super().receive_data_chunk(raw_data, start)


def _cap_text():
    return f"{max_upload_bytes() / 2**20:.3g} MB"


def _too_large_message():
    return f"The file is larger than {_cap_text()}."


def _file_hint(lead=""):
    """The allowed types and the size cap, read when the form is built so a setting change shows."""
    return (
        lead
        + "Allowed: "
        + ", ".join(ext.upper() for ext in ALLOWED_EXTENSIONS)
        + f". Up to {_cap_text()}. The file's content is checked, not just its name."
    )


class _FileCheckMixin:
    """Check the uploaded file by its content; the reason it is refused becomes a form error."""

    handler: CappedUploadHandler | None = None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if self.handler is not None and self.handler.too_large:
            raise forms.ValidationError(_too_large_message())
        if upload is None:
            return upload
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(_too_large_message())
        try:
            services.check_file(upload.temporary_file_path(), upload.name)
        except Rejected as error:
            raise forms.ValidationError(str(error)) from error
        return upload

    def full_clean(self):
        super().full_clean()
        # A file dropped for size never reaches clean_file; say why instead of "required".
        if self.handler is not None and self.handler.too_large and "file" in self.fields:
            self.errors["file"] = self.error_class([_too_large_message()])


class CollectionChoiceField(forms.ModelChoiceField):
    """Collections named with who will see a document filed there."""

    audiences: dict[int, str] = {}

    def label_from_instance(self, obj):
        who = self.audiences.get(obj.pk)
        return f"{obj.name} – {who}" if who else obj.name


class ResourceUploadForm(_FileCheckMixin, HubFormMixin, forms.Form):
    """The library's upload form. What each person may choose (collections, the organisation
    credited, the kind) comes from ``selectors.upload_choices``; a choice outside it, sent by a
    forged form, is refused with a message saying why, never stored."""

    # The hint's wording depends on the size setting; it is filled in by __init__.
    file = forms.FileField(help_text="Allowed file types and size.")
    title = forms.CharField(max_length=255)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=2000
    )
    kind = forms.ChoiceField(
        choices=Resource.Kind.choices,
        initial=Resource.Kind.OTHER,
        error_messages={
            "invalid_choice": "Choose a kind from the list. Only the programme team can "
            "label a document as guidance."
        },
    )
    collection = CollectionChoiceField(
        queryset=None,
        empty_label=None,
        help_text="Who may see the document depends on the collection it is in.",
        error_messages={
            "invalid_choice": "Choose a collection from the list. You can upload to your own "
            "site's area, your groups' areas and the shared libraries."
        },
    )
    organisation = forms.ModelChoiceField(
        queryset=None,
        required=False,
        help_text="The organisation that wrote the document.",
        error_messages={
            "invalid_choice": "Choose an organisation from the list. You can only credit your "
            "own organisation."
        },
    )
    published_on = forms.DateField(
        label="Publication date", required=False, help_text="For example, 2014-06-02."
    )
    tags = forms.CharField(
        required=False, max_length=300, help_text="Up to five, separated by commas."
    )
    note = forms.CharField(required=False, max_length=300, label="Version note")
    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, choices, handler=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collection"].queryset = choices.collections
        self.fields["collection"].audiences = choices.audiences
        self.fields["organisation"].queryset = choices.organisations
        self.fields["kind"].choices = [c for c in Resource.Kind.choices if c[0] in choices.kinds]
        self.fields["file"].help_text = _file_hint()
        if choices.reviewed_collection_ids:
            self.fields[
                "collection"
            ].help_text += (
                " Documents for everyone are checked by the programme team before they appear."
            )
        self.handler = handler

    def clean_title(self):
        return clean_single_line(self.cleaned_data["title"], what="The title")

    def clean_description(self):
        description = self.cleaned_data["description"]
        if description:
            require_visible(description, f"The description {NEEDS_VISIBLE}. Or leave it empty.")
        return description

    def clean_tags(self):
        return clean_tag_names(self.cleaned_data["tags"].split(","))


class VersionUploadForm(_FileCheckMixin, HubFormMixin, forms.Form):
    file = forms.FileField(help_text="The new file keeps this document's address.")
    note = forms.CharField(
        max_length=300, required=False, help_text="What changed, for example 'Updated fees table'."
    )

    def __init__(self, *args, handler=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _file_hint("The new file keeps this document's address. ")
        self.handler = handler


class ReviewForm(HubFormMixin, forms.Form):
    APPROVE, REJECT = "approve", "reject"

    decision = forms.ChoiceField(
        choices=[(APPROVE, "Add it to the library"), (REJECT, "Do not add it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to add the document to the library."},
    )
    reason = forms.CharField(
        label="Reason for not adding it",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=1000,
        help_text="The uploader is emailed this. Say what to change.",
    )

    def clean(self):
        cleaned = super().clean()
        reason = (cleaned.get("reason") or "").strip()
        if cleaned.get("decision") == self.REJECT and not reason:
            self.add_error("reason", "Say why the document is not being added.")
        cleaned["reason"] = reason
        return cleaned


class LibraryFilterForm(HubFormMixin, forms.Form):
    kind = forms.ChoiceField(choices=[("", "Any kind"), *Resource.Kind.choices], required=False)
    tag = forms.SlugField(required=False, max_length=100)
    # Every organisation is an option (a few hundred): their ids and names, not their models.
    organisation = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    year = forms.IntegerField(required=False, min_value=1900, max_value=2200)
    event = forms.ModelChoiceField(queryset=Page.objects.none(), required=False)
    sort = forms.ChoiceField(
        choices=[("newest", "Newest first"), ("title", "Title A to Z")], required=False
    )

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events
        self.fields["organisation"].choices = [
            ("", "Any organisation"),
            *Organisation.objects.order_by("name").values_list("pk", "name"),
        ]
