"""Notices for editors in the Wagtail admin: guidance due for review."""

from wagtail.admin.panels import Panel
from wagtail.admin.ui.components import Component
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy


class ReviewDueNoticePanel(Panel):
    """Shown at the top of a guidance page's editor once its review-by date has passed."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "home/admin/review_due_notice.html"

        def is_shown(self):
            return bool(getattr(self.instance, "is_overdue", False))

        def show_panel_furniture(self):
            return False

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["review_by"] = self.instance.review_by
            return context


class OverdueGuidanceDashboardPanel(Component):
    """On the admin dashboard: how much guidance is overdue, for people who can edit it."""

    name = "overdue_guidance"
    template_name = "home/admin/overdue_guidance_dashboard.html"
    order = 150

    def get_context_data(self, parent_context):
        from .reports import overdue_guidance

        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        editable = PagePermissionPolicy(Page).instances_user_has_permission_for(user, "change")
        pages = overdue_guidance().filter(pk__in=editable.values("pk"))
        context["overdue"] = list(pages[:5])
        context["overdue_count"] = (
            pages.count() if len(context["overdue"]) == 5 else len(context["overdue"])
        )
        return context
