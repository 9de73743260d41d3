from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from hub.accounts import access

from .guidance_review import OverdueGuidanceDashboardPanel, OverdueGuidanceView
from .promotion import services as promotion


class ProgrammeTeamMenuItem(MenuItem):
    def is_shown(self, request):
        return promotion.may_promote(request.user)


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


@hooks.register("register_reports_menu_item")
def register_promotions_menu_item():
    return ProgrammeTeamMenuItem(
        "Public copies made", reverse("promotions"), icon_name="globe", order=660
    )


@hooks.register("register_page_header_buttons")
def promote_page_button(page, user, view_name, next_url=None):
    if not page.live:
        return
    rule = access.page_rule(page, access.viewer_for(user))
    url = promotion.promote_url(user, "page", page, restricted=rule.is_restricted)
    if url:
        yield Button("Make a public copy", url, icon_name="globe", priority=80)
