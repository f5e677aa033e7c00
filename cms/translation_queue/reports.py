"""Reports → "Translation status" (English pages and snippets × languages) and "Translation figures" (words,
characters, reuse bands, cost, throughput; figures.py), at /admin/translation-queue/reports/….

Both are open to anyone in a language's queue, for their languages only: the grid shows what the queue
already shows them; figures show reviewers every translator of the languages they review and a translator
their own work only. A fixed number of queries per page, whatever the number of rows.
"""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale, Page
from wagtail_localize.models import TranslationSource

from . import figures
from .memory import min_score
from .models import ReuseBand, TaskState, TranslationTask, kind_label
from .roles import queue_locales

MAX_WEEKS = 52
DEFAULT_WEEKS = 8


class QueueReportMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(queue_locales(request.user))


# --- the grid -------------------------------------------------------------------------------------------


class StatusGridFilterSet(WagtailFilterSet):
    locale = django_filters.ChoiceFilter(label=_("Language"), method="filter_locale", empty_label=_("All my languages"))
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=TaskState.choices, method="filter_state", empty_label=_("Any state")
    )
    kind = django_filters.ChoiceFilter(label=_("Type"), field_name="kind", empty_label=_("All types"))

    class Meta:
        model = TranslationSource
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.locales = queue_locales(request.user)
        self.filters["locale"].extra["choices"] = [(lo.language_code, lo.get_display_name()) for lo in self.locales]
        kinds = (
            TranslationTask.objects.filter(target_locale__in=self.locales)
            .order_by()
            .values_list("content_kind", flat=True)
            .distinct()
        )
        self.filters["kind"].extra["choices"] = sorted((kind, capfirst(kind_label(kind))) for kind in kinds)

    def _tasks(self):
        locale = self.form.cleaned_data.get("locale")
        tasks = TranslationTask.objects.filter(source=OuterRef("pk"), target_locale__in=self.locales)
        return tasks.filter(target_locale__language_code=locale) if locale else tasks

    def filter_locale(self, queryset, name, value):
        return queryset.filter(Exists(self._tasks()))

    def filter_state(self, queryset, name, value):
        return queryset.filter(Exists(self._tasks().filter(state=value)))


class LocaleStateColumn(Column):
    """One language: the task's state, linking to its review screen."""

    cell_template_name = "translation_queue/reports/state_cell.html"

    def __init__(self, locale):
        super().__init__(f"locale_{locale.pk}", label=locale.get_display_name())
        self.locale = locale

    def get_value(self, instance):
        return instance.cells.get(self.locale.pk)


class StatusGridView(ReportView):
    page_title = _("Translation status")
    header_icon = "globe"
    template_name = "translation_queue/reports/status.html"
    index_url_name = "translation_queue:report_status"
    index_results_url_name = "translation_queue:report_status_results"
    filterset_class = StatusGridFilterSet
    is_searchable = True
    search_fields = ["title"]
    search_backend_name = None  # the annotated title: the database's icontains, in both scripts
    default_ordering = ("title", "pk")
    paginate_by = 50
    permission_policy = None

    def dispatch(self, request, *args, **kwargs):
        if not queue_locales(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def shown_locales(self) -> list[Locale]:
        locales = queue_locales(self.request.user)
        chosen = self.filters.form.cleaned_data.get("locale") if self.filters and self.filters.is_valid() else None
        return [locale for locale in locales if not chosen or locale.language_code == chosen]

    @property
    def columns(self):
        return [
            TitleColumn("title", label=_("English"), get_url=lambda row: row.edit_url or None),
            Column("kind_label", label=_("Type")),
            *[LocaleStateColumn(locale) for locale in self.shown_locales],
        ]

    def get_base_queryset(self):
        first_task = TranslationTask.objects.filter(source=OuterRef("pk")).order_by("pk")
        return (
            TranslationSource.objects.filter(locale=Locale.get_default())
            .filter(Exists(TranslationTask.objects.filter(source=OuterRef("pk"), target_locale__in=self.shown_locales)))
            .annotate(
                title=Subquery(first_task.values("source_title")[:1]),
                kind=Subquery(first_task.values("content_kind")[:1]),
            )
        )

    def get_table(self, object_list):
        # The table is built before ReportView decorates the page's rows: give it the decorated ones.
        self.rows = self.with_cells(object_list)
        return super().get_table(self.rows)

    def decorate_paginated_queryset(self, object_list):
        return getattr(self, "rows", object_list)

    def with_cells(self, object_list):
        """Each row's tasks in the shown languages, and the English pages' edit links: two queries."""
        rows = list(object_list)
        tasks = TranslationTask.objects.filter(source__in=rows, target_locale__in=self.shown_locales).values(
            "pk", "source_id", "target_locale_id", "state", "changed_segments"
        )
        labels = dict(TaskState.choices)
        cells: dict[int, dict] = {row.pk: {} for row in rows}
        for task in tasks:
            cells[task["source_id"]][task["target_locale_id"]] = {
                "state": task["state"],
                "label": labels[task["state"]],
                "changed": task["changed_segments"] if task["state"] == TaskState.OUT_OF_DATE else 0,
                "url": reverse("translation_queue:review", args=[task["pk"]]),
            }
        page_ids = dict(
            Page.objects.filter(
                translation_key__in=[row.object_id for row in rows], locale=Locale.get_default()
            ).values_list("translation_key", "pk")
        )
        for row in rows:
            row.cells = cells[row.pk]
            row.kind_label = capfirst(kind_label(row.kind or ""))
            page_id = page_ids.get(row.object_id)
            row.edit_url = reverse("wagtailadmin_pages:edit", args=[page_id]) if page_id else ""
        return rows


# --- the figures --------------------------------------------------------------------------------------------


class FiguresForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To (inclusive)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    locale = forms.ChoiceField(label=_("Language"), required=False)
    weeks = forms.IntegerField(
        label=_("Weeks of throughput"), required=False, min_value=1, max_value=MAX_WEEKS, initial=DEFAULT_WEEKS
    )

    def __init__(self, data, locales):
        super().__init__(data)
        self.fields["locale"].choices = [("", _("All my languages"))] + [
            (locale.language_code, locale.get_display_name()) for locale in locales
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end date is before the start date."))
        return data


class FiguresView(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Translation figures")
    header_icon = "table"
    template_name = "translation_queue/reports/figures.html"

    def dispatch(self, request, *args, **kwargs):
        self.locales = queue_locales(request.user)
        if not self.locales:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = FiguresForm(self.request.GET or None, self.locales)
        today = timezone.localdate()
        start, end, weeks, locales = today.replace(day=1), today, DEFAULT_WEEKS, self.locales
        if form.is_bound and form.is_valid():
            start = form.cleaned_data["start"] or start
            end = form.cleaned_data["end"] or end
            weeks = form.cleaned_data["weeks"] or weeks
            code = form.cleaned_data["locale"]
            locales = [locale for locale in self.locales if not code or locale.language_code == code]
        elif form.is_bound:
            locales = []  # the form says what is wrong; no figures for a period nobody asked for
        else:
            form = FiguresForm({"start": start, "end": end, "weeks": weeks}, self.locales)
        since = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
        until = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min))
        rates = figures.rates()
        context.update(
            {
                "form": form,
                "start": start,
                "end": end,
                "weeks": weeks,
                "figures": figures.figures(self.request.user, locales, since, until) if locales else None,
                "throughput": figures.throughput(self.request.user, locales, weeks) if locales else [],
                "bands": [(band, label, rates[band]) for band, label in ReuseBand.choices],
                "currency": figures.currency(),
                "fuzzy_min": min_score(),
                "grid_url": reverse("translation_queue:report_status"),
            }
        )
        return context
