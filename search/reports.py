"""Searches with no results, for editors: /admin/reports/searches-without-results/.

Query, language, how many searches found nothing and when the last one was, most frequent first,
over a date range (default: all kept days). From search.models.SearchQueryDay; needs the permission
search.view_search_report (Editors and Moderators have it, search/migrations/0004).
"""

from django.conf import settings
from django.db.models import Max, Sum
from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter, DateFromToRangeFilter
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from search.models import SearchQueryDay

PERMISSION = "view_search_report"


class ReportPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return user.is_active and (user.is_superuser or user.has_perm(f"search.{action}"))


permission_policy = ReportPermissionPolicy(SearchQueryDay)


class NoResultsFilterSet(WagtailFilterSet):
    date = DateFromToRangeFilter(label=_("Date"), field_name="date", widget=DateRangePickerWidget)
    language = ChoiceFilter(label=_("Language"), choices=settings.LANGUAGES, empty_label=_("All"))

    class Meta:
        model = SearchQueryDay
        fields = []


class LanguageColumn(Column):
    def get_value(self, instance):
        return dict(settings.LANGUAGES).get(instance["language"], instance["language"])


class SearchesWithoutResultsView(ReportView):
    page_title = _("Searches with no results")
    header_icon = "search"
    index_url_name = "search_no_results_report"
    index_results_url_name = "search_no_results_report_results"
    permission_policy = permission_policy
    permission_required = PERMISSION
    filterset_class = NoResultsFilterSet
    is_searchable = True
    search_fields = ["query"]
    default_ordering = "-count"
    columns = [
        Column("query", label=_("Query"), sort_key="query"),
        LanguageColumn("language", label=_("Language"), sort_key="language"),
        NumberColumn("count", label=_("Searches with no results"), sort_key="count"),
        DateColumn("last_seen", label=_("Last seen"), sort_key="last_seen"),
    ]
    list_export = ["query", "language", "count", "last_seen"]
    export_headings = {
        "query": _("Query"),
        "language": _("Language"),
        "count": _("Searches with no results"),
        "last_seen": _("Last seen"),
    }

    def get_base_queryset(self):
        return SearchQueryDay.objects.filter(no_results__gt=0)

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        kwargs["queryset"] = self.get_base_queryset()
        return kwargs

    def get_queryset(self):
        # Filter and search the days first, then group: one row per query and language.
        queryset = self.search_queryset(self.filter_queryset(self.get_base_queryset()))
        grouped = queryset.values("query", "language").annotate(count=Sum("no_results"), last_seen=Max("last_seen"))
        return grouped.order_by(self.ordering or "-count", "query", "language")

    def get_filtered_queryset(self):
        return self.get_queryset()
