from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.account import BaseSettingsPanel, notifications_tab
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import localize_gates, urls, workflow
from .gate import is_translated
from .models import GlossaryTerm, NotificationPreference, TaskState
from .permissions import may_change_snippet
from .roles import queue_locales


@hooks.register("register_admin_urls")
def register_urls():
    # The localize/ paths shadow wagtail-localize's views that would write translated content (this app is
    # listed before wagtail_localize, so these patterns come first); see localize_gates.py.
    return [
        path("translation-queue/", include(urls, namespace="translation_queue")),
        path(
            "localize/update/<int:translation_source_id>/",
            localize_gates.UpdateTranslationsView.as_view(),
            name="translation_queue_localize_update",
        ),
        path("localize/submit/page/<int:page_id>/", localize_gates.submit_translation),
        path(
            "localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
            localize_gates.submit_translation,
        ),
        path("localize/page/<int:page_id>/convert_to_alias/", localize_gates.convert_to_alias),
        path("localize/translate/<int:translation_id>/machine_translate/", localize_gates.machine_translate),
    ]


@hooks.register("before_edit_page", order=-10)
def edit_translated_page(request, page):
    if is_translated(page):
        return localize_gates.edit_translated_page(request, page)
    return None


def _require_snippet_rights(request, instance):
    if not may_change_snippet(request.user, instance):
        raise PermissionDenied(
            _("Translators and reviewers change only their own language's %(model)s.")
            % {"model": instance._meta.verbose_name_plural}
        )


@hooks.register("before_edit_snippet", order=-10)
def edit_snippet_in_own_locale(request, instance):
    if hasattr(instance, "locale_id"):
        _require_snippet_rights(request, instance)


@hooks.register("before_delete_snippet", order=-10)
def delete_snippet_in_own_locale(request, instances):
    for instance in instances:
        if hasattr(instance, "locale_id"):
            _require_snippet_rights(request, instance)
            if is_translated(instance) and not request.user.is_superuser:
                raise PermissionDenied(_("A translation is removed with its source, not on its own."))


@hooks.register("before_create_snippet", order=-10)
def create_snippet_in_own_locale(request, model):
    from wagtail.models import Locale, TranslatableMixin

    if issubclass(model, TranslatableMixin):
        code = request.GET.get("locale") or request.POST.get("locale")
        locale = Locale.objects.filter(language_code=code).first() if code else Locale.get_default()
        if locale is not None:
            _require_snippet_rights(request, model(locale=locale))


class QueueMenuItem(MenuItem):
    """'Translations (3)': the count is the work waiting for this user (theirs or nobody's)."""

    def is_shown(self, request):
        return bool(queue_locales(request.user))

    def render_component(self, request):
        from .views import open_count

        # A new component per request: the menu item itself is shared by every request of the process.
        component = super().render_component(request)
        count = open_count(request.user)
        if count:
            component.label = f"{component.label} ({count})"
        return component


@hooks.register("register_admin_menu_item")
def register_menu_item():
    # Short enough for the sidebar with the count: "Translation queue (25)" was cut off.
    return QueueMenuItem(
        pgettext_lazy("admin menu", "Translations"),
        reverse("translation_queue:index"),
        name="translation-queue",
        icon_name="globe",
        order=250,
    )


class QueuePanel(Component):
    name = "translation_queue"
    order = 90
    template_name = "translation_queue/panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        from .views import visible_tasks

        tasks = visible_tasks(self.request.user)
        counts = {state: 0 for state, _label in TaskState.choices}
        for state in tasks.values_list("state", flat=True):
            counts[state] += 1
        return {
            "counts": [(label, counts[state], state) for state, label in TaskState.choices],
            "mine": tasks.filter(assignee=self.request.user).exclude(state=TaskState.DONE).count(),
            "url": reverse("translation_queue:index"),
        }


@hooks.register("construct_homepage_panels")
def add_queue_panel(request, panels):
    if queue_locales(request.user):
        panels.append(QueuePanel(request))


class NotificationPreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["delivery"]
        widgets = {"delivery": forms.RadioSelect}


class QueueMailSettingsPanel(BaseSettingsPanel):
    """Account settings → Notifications: the queue's e-mails now, or once a day in a digest."""

    name = "translation_queue"
    title = _("Translation queue e-mails")
    tab = notifications_tab
    order = 110
    form_class = NotificationPreferenceForm

    def is_active(self):
        return bool(queue_locales(self.user))

    def get_form(self):
        instance = NotificationPreference.objects.filter(user=self.user).first()
        kwargs = {"instance": instance or NotificationPreference(user=self.user), "prefix": self.name}
        if self.request.method == "POST":
            return self.form_class(self.request.POST, **kwargs)
        return self.form_class(**kwargs)


@hooks.register("register_account_settings_panel")
def register_mail_settings_panel(request, user, profile):
    return QueueMailSettingsPanel(request, user, profile)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    workflow.register_log_actions(actions)


def _term_attribute(language_code: str) -> str:
    return "term_in_" + language_code.replace("-", "_")


class OtherLanguagesColumn(Column):
    """The term in the other languages, from the annotations GlossaryViewSet.get_queryset adds."""

    def get_value(self, instance):
        own = _term_attribute(instance.locale.language_code)
        return " · ".join(
            f"{name.removeprefix('term_in_').replace('_', '-')}: {term}"
            for name, term in vars(instance).items()
            if name.startswith("term_in_") and name != own and term
        )


def _locale_codes() -> list[str]:
    from wagtail.models import Locale

    return list(Locale.objects.order_by("pk").values_list("language_code", flat=True))


class GlossaryViewSet(SnippetViewSet):
    """English and Chinese side by side: each row carries its term in every language (one subquery each)."""

    model = GlossaryTerm
    icon = "doc-full"
    menu_label = _("Glossary")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["term", OtherLanguagesColumn("other_languages", label=_("In other languages")), "locale", "note"]
    search_fields = ["term", "note"]
    # The database's own substring match: it finds 朝阳 inside 朝阳区 and "Chaoyang" in either column,
    # and works on the annotated queryset (the search backend's index has no "term" column to query).
    search_backend_name = None

    def get_queryset(self, request):
        return GlossaryTerm.objects.select_related("locale").annotate(
            **{
                _term_attribute(code): Subquery(
                    GlossaryTerm.objects.filter(
                        translation_key=OuterRef("translation_key"), locale__language_code=code
                    ).values("term")[:1]
                )
                for code in _locale_codes()
            }
        )


register_snippet(GlossaryViewSet)


@hooks.register("register_reports_menu_item")
def register_status_report_menu_item():
    from .reports import QueueReportMenuItem

    return QueueReportMenuItem(
        _("Translation status"),
        reverse("translation_queue:report_status"),
        name="translation-status",
        icon_name="globe",
        order=1000,
    )


@hooks.register("register_reports_menu_item")
def register_figures_report_menu_item():
    from .reports import QueueReportMenuItem

    return QueueReportMenuItem(
        _("Translation figures"),
        reverse("translation_queue:report_figures"),
        name="translation-figures",
        icon_name="table",
        order=1010,
    )
