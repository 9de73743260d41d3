"""Admin report: guidance whose review-by date has passed."""

from django.utils import timezone
from wagtail.admin.views.reports import PageReportView

from resources.models import GuidancePage


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


def overdue_guidance():
    """Live guidance whose review-by date is before today, the most overdue first."""
    return (
        GuidancePage.objects.live().filter(review_by__lt=timezone.localdate()).order_by("review_by")
    )
