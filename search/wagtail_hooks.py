from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from search.reports import SearchesWithoutResultsView, permission_policy


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "reports/searches-without-results/",
            SearchesWithoutResultsView.as_view(),
            name="search_no_results_report",
        ),
        path(
            "reports/searches-without-results/results/",
            SearchesWithoutResultsView.as_view(results_only=True),
            name="search_no_results_report_results",
        ),
    ]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return permission_policy.user_has_permission(request.user, "view_search_report")


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return ReportMenuItem(
        _("Searches with no results"),
        reverse("search_no_results_report"),
        name="searches-without-results",
        icon_name="search",
        order=1310,
    )


@hooks.register("construct_reports_menu")
def hide_wagtails_search_terms_report(request, menu_items):
    """Wagtail's own "Search terms" report reads search_promotions' Query hits, which this site does not
    write (no language, and three queries per search): the report above replaces it."""
    menu_items[:] = [item for item in menu_items if item.name != "search-terms"]
