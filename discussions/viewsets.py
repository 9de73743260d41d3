from django.utils.html import format_html
from django.utils.text import Truncator
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.log_actions import log
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from . import moderation
from .models import Flag


class PostColumn(Column):
    """The reported post's opening words, linked to it on the site where moderators act."""

    def get_value(self, instance):
        post = instance.post
        words = Truncator(post.body).chars(80) if not post.is_deleted else "(deleted by author)"
        return format_html('<a href="{}">{}</a>', post.get_absolute_url(), words)


class FlagEditView(EditView):
    """Ticking "resolved" resolves the report as moderating on the site does: who and when."""

    def save_instance(self):
        flag = self.form.instance
        if not (flag.resolved and "resolved" in self.form.changed_data):
            return super().save_instance()
        flag = moderation.flag_resolve(by=self.request.user, flag=flag)
        log(flag, "wagtail.edit", user=self.request.user)
        return flag


class FlagViewSet(SnippetViewSet):
    """The programme team's queue of reported posts, open reports first."""

    model = Flag
    icon = "warning"
    menu_label = "Reported posts"
    menu_name = "discussion-reports"
    menu_order = 260
    add_to_admin_menu = True
    copy_view_enabled = False
    edit_view_class = FlagEditView
    list_display = [
        "__str__",
        PostColumn("post", label="Post"),
        "reason",
        "reporter",
        DateColumn("created_at", label="Reported"),
        # Words, not Wagtail's bare "True"/"False" for a boolean field.
        StatusTagColumn(
            "status", label="Status", sort_key="resolved", primary=lambda f: not f.resolved
        ),
    ]
    list_filter = ["resolved"]
    search_fields = ["reason"]
    panels = [FieldPanel("reason", read_only=True), FieldPanel("resolved")]
