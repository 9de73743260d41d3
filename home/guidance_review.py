"""Keeping guidance current in the admin: the report of guidance due for review, and its
dashboard panel. The notice in the page editor and ``overdue_guidance`` stand beside
``GuidancePage`` itself."""

from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.admin.views.reports import PageReportView
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from .models.guidance import overdue_guidance


class OverdueGuidanceView(PageReportView):
    page_title = "Guidance due for review"
    header_icon = "time"
    index_url_name = "overdue_guidance"
    index_results_url_name = "overdue_guidance_results"
    results_template_name = "home/admin/overdue_guidance_results.html"
    list_export = [*PageReportView.list_export, "review_by"]
    export_headings = {**PageReportView.export_headings, "review_by": "Review by"}
    # Anyone who may edit pages may see which guidance needs attention.
    permission_required = "change"

    def get_filename(self):
        return f"guidance-due-for-review-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        self.queryset = overdue_guidance().select_related("owner_organisation")
        return super().get_queryset()


class OverdueGuidanceDashboardPanel(Component):
    """On the admin dashboard: how much guidance is overdue, for people who can edit it."""

    name = "overdue_guidance"
    template_name = "home/admin/overdue_guidance_dashboard.html"
    order = 150

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        editable = PagePermissionPolicy(Page).instances_user_has_permission_for(user, "change")
        pages = overdue_guidance().filter(pk__in=editable.values("pk"))
        context["overdue"] = list(pages[:5])
        context["overdue_count"] = (
            pages.count() if len(context["overdue"]) == 5 else len(context["overdue"])
        )
        return context
