from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .guidance_review import OverdueGuidanceDashboardPanel, OverdueGuidanceView


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("reports/overdue-guidance/", OverdueGuidanceView.as_view(), name="overdue_guidance"),
        path(
            "reports/overdue-guidance/results/",
            OverdueGuidanceView.as_view(results_only=True),
            name="overdue_guidance_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_overdue_guidance_menu_item():
    return MenuItem(
        "Guidance due for review", reverse("overdue_guidance"), icon_name="time", order=650
    )


@hooks.register("construct_homepage_panels")
def add_overdue_guidance_panel(request, panels):
    panels.append(OverdueGuidanceDashboardPanel())
