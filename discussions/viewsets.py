from django.utils.html import format_html
from django.utils.text import Truncator
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Flag


class PostColumn(Column):
    """The reported post's opening words, linked to it on the site where moderators act."""

    def get_value(self, instance):
        post = instance.post
        words = Truncator(post.body).chars(80) if not post.is_deleted else "(deleted by author)"
        return format_html('<a href="{}">{}</a>', post.get_absolute_url(), words)


class FlagViewSet(SnippetViewSet):
    """The programme team's queue of reported posts, open reports first."""

    model = Flag
    icon = "warning"
    menu_label = "Reported posts"
    menu_name = "discussion-reports"
    menu_order = 260
    add_to_admin_menu = True
    copy_view_enabled = False
    list_display = [
        "__str__",
        PostColumn("post", label="Post"),
        "reason",
        "reporter",
        "created_at",
        "resolved",
    ]
    list_filter = ["resolved"]
    search_fields = ["reason"]
    panels = [FieldPanel("reason", read_only=True), FieldPanel("resolved")]
