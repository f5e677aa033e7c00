"""The queue's list at /admin/translation-queue/ (contract), on Wagtail's generic IndexView: its filter set,
search box, pagination and header, with one row per (source, target locale) drawn by index_results.html.

The rows are not table columns: each holds what a translator needs on one line (titles, history,
progress, checks) and forms for the workflow actions the reader may take now (workflow.py).
"""

from __future__ import annotations

import datetime
from collections import defaultdict

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Case, DateField, F, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic import IndexView
from wagtail.models import ModelLogEntry

from . import workflow
from .content import page_kinds
from .models import DUE_SOON_DAYS, TaskState, TranslationTask, kind_label
from .roles import can_review, can_translate, queue_locales, translators_of

ROWS_PER_PAGE = 50
HISTORY_PER_ROW = 4


class QueueFilterSet(WagtailFilterSet):
    locale = django_filters.ChoiceFilter(
        label=_("Language"), field_name="target_locale__language_code", empty_label=_("All my languages")
    )
    # Empty means "needing work": every state but done (QueueIndexView.filter_queryset).
    state = django_filters.ChoiceFilter(label=_("State"), choices=TaskState.choices, empty_label=_("Needing work"))
    kind = django_filters.ChoiceFilter(label=_("Type"), field_name="content_kind", empty_label=_("All types"))
    who = django_filters.ChoiceFilter(
        label=_("Who"),
        choices=[("mine", _("Mine")), ("unassigned", _("Unassigned"))],
        method="filter_who",
        empty_label=_("Anyone"),
    )

    class Meta:
        model = TranslationTask
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        locales = queue_locales(request.user)
        self.filters["locale"].extra["choices"] = [
            (locale.language_code, locale.get_display_name()) for locale in locales
        ]
        # The kinds of content in the reader's languages, as Wagtail names them: the queue knows no app.
        kinds = (
            TranslationTask.objects.filter(target_locale__in=locales).order_by().values_list("content_kind", flat=True)
        )
        self.filters["kind"].extra["choices"] = sorted((kind, capfirst(kind_label(kind))) for kind in set(kinds))

    def filter_who(self, queryset, name, value):
        if value == "mine":
            return queryset.filter(assignee=self.request.user)
        if value == "unassigned":
            return queryset.filter(assignee__isnull=True)
        return queryset


class QueueIndexView(IndexView):
    model = TranslationTask
    # Who sees the queue is decided by language (roles.queue_locales), not by model permissions.
    permission_policy = None
    any_permission_required = None
    results_template_name = "translation_queue/index_results.html"
    template_name = "translation_queue/index.html"
    index_url_name = "translation_queue:index"
    index_results_url_name = "translation_queue:index_results"
    page_title = _("Translation queue")
    header_icon = "globe"
    filterset_class = QueueFilterSet
    search_fields = ["source_title", "target_title"]
    search_backend_name = None  # titles are plain columns: the database's icontains, in both scripts
    paginate_by = ROWS_PER_PAGE
    # Overdue, then due soon (earliest first); then pages (what visitors read) before snippets, then by
    # when the source last changed.
    default_ordering = ("due_rank", "urgent_due", "is_snippet", "-source_changed_at", "pk")
    columns = []  # index_results.html draws the rows

    def dispatch(self, request, *args, **kwargs):
        self.locales = queue_locales(request.user)
        if not self.locales:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        today = timezone.localdate()
        soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
        open_and_due_soon = Q(due__lte=soon) & ~Q(state=TaskState.DONE)
        return (
            TranslationTask.objects.filter(target_locale__in=self.locales)
            .select_related("target_locale", "assignee", "source")
            .annotate(
                is_snippet=Case(
                    When(content_kind__in=page_kinds(), then=Value(0)), default=Value(1), output_field=IntegerField()
                ),
                # 0 overdue, 1 due within DUE_SOON_DAYS, 2 the rest (done work is never urgent).
                due_rank=Case(
                    When(open_and_due_soon & Q(due__lt=today), then=Value(0)),
                    When(open_and_due_soon, then=Value(1)),
                    default=Value(2),
                    output_field=IntegerField(),
                ),
                urgent_due=Case(When(open_and_due_soon, then=F("due")), default=None, output_field=DateField()),
            )
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.request.GET.get("state"):
            queryset = queryset.exclude(state=TaskState.DONE)
        return queryset

    @property
    def search_query(self):
        # A title pasted with a tab or a line break still matches: whitespace counts as one space.
        query = super().search_query
        return " ".join(query.split()) if query else query

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        rows = list(context["object_list"])
        history = self._history(rows)
        translators = {locale.pk: list(translators_of(locale)) for locale in self.locales}
        user = self.request.user
        from .views import editor_url

        for task in rows:
            task.history = history[str(task.pk)]
            task.editor_url = editor_url(task)
            task.is_mine = task.assignee_id == user.pk
            task.user_reviews = can_review(user, task.target_locale)
            task.user_translates = can_translate(user, task.target_locale)
            task.translators = translators[task.target_locale_id]
            task.actions = workflow.available_actions(task, user)
        context["rows"] = rows
        # The batch bar's "Assign selected to": translators of the languages this user reviews.
        assignees = {p.pk: p for locale in self.locales if can_review(user, locale) for p in translators[locale.pk]}
        context["batch_assignees"] = sorted(assignees.values(), key=lambda person: person.get_username())
        return context

    @staticmethod
    def _history(rows) -> dict[str, list]:
        """The last few log entries of each row's task, in one query. The task model's own entries only:
        a glossary term's publish shares the app and may share a primary key."""
        history = defaultdict(list)
        entries = (
            ModelLogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(TranslationTask),
                object_id__in=[str(task.pk) for task in rows],
            )
            .select_related("user")
            .order_by("-timestamp", "-pk")
        )
        for entry in entries:
            if len(history[entry.object_id]) < HISTORY_PER_ROW:
                history[entry.object_id].append(entry)
        return history
