from wagtail.snippets.views.snippets import SnippetViewSet

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
