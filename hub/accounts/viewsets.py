from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.users import forms as wagtail_user_forms
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .models import Organisation


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Organisations"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "kind", "region", "is_trailblazer", "is_deep_dive"]
    list_filter = ["kind", "is_trailblazer", "is_deep_dive"]
    search_fields = ["name"]


class HubUserFormMixin:
    """The hub's own fields on Wagtail's user forms: organisation, job title, approval."""

    hub_fields = ["organisation", "job_title", "status"]


class UserCreationForm(HubUserFormMixin, wagtail_user_forms.UserCreationForm):
    class Meta(wagtail_user_forms.UserCreationForm.Meta):
        fields = wagtail_user_forms.UserCreationForm.Meta.fields | set(HubUserFormMixin.hub_fields)


class UserEditForm(HubUserFormMixin, wagtail_user_forms.UserEditForm):
    class Meta(wagtail_user_forms.UserEditForm.Meta):
        fields = wagtail_user_forms.UserEditForm.Meta.fields | set(HubUserFormMixin.hub_fields)


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return UserEditForm if for_update else UserCreationForm
