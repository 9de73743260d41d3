"""Admin and front-end forms for the hub's pages."""

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm

from hub.tagging import clean_tag_names


class TaggedPageForm(WagtailAdminPageForm):
    """The page editor's form for taggable pages: the site's one set of tag rules applies."""

    def clean_tags(self):
        try:
            return clean_tag_names(self.cleaned_data.get("tags") or [])
        except ValidationError as error:
            raise ValidationError(error.messages) from error
