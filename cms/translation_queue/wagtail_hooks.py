from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import localize_gates, urls
from .gate import is_translated
from .models import GlossaryTerm, TaskState
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
    """'Translation queue (3)': the count is the work waiting for this user (theirs or nobody's)."""

    def is_shown(self, request):
        return bool(queue_locales(request.user))

    def render_component(self, request):
        from .views import open_count

        count = open_count(request.user)
        original = self.label
        self.label = f"{original} ({count})" if count else original
        try:
            return super().render_component(request)
        finally:
            self.label = original


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return QueueMenuItem(
        _("Translation queue"),
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


@hooks.register("register_log_actions")
def register_log_actions(actions):
    for action, label, past in [
        ("queued", _("Queue"), _("Queued for translation")),
        ("out_of_date", _("Out of date"), _("Source changed")),
        ("claimed", _("Claim"), _("Claimed")),
        ("released", _("Release"), _("Released")),
        ("assigned", _("Assign"), _("Assigned")),
        ("submitted", _("Submit"), _("Submitted for review")),
        ("approved", _("Approve"), _("Approved and published")),
        ("sent_back", _("Send back"), _("Sent back")),
        ("synced", _("Sync"), _("Synced with source")),
        ("prefilled", _("Prefill"), _("Prefilled")),
        ("published_with_source", _("Go live"), _("Published with its source")),
        ("synchronized", _("Synchronize"), _("Synchronized fields updated from the source")),
        ("unpublished_with_source", _("Unpublish"), _("Unpublished with its source")),
        ("source_deleted", _("Close"), _("Closed: the source was deleted")),
        ("converted_to_alias", _("Convert to alias"), _("Replaced by its source (alias)")),
        ("returned_to_pool", _("Return"), _("Returned to the pool: the assignee left the translators")),
    ]:
        actions.register_action(f"translation_queue.{action}", label, past)


class GlossaryViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "doc-full"
    menu_label = _("Glossary")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["term", "locale", "note"]
    search_fields = ["term"]


register_snippet(GlossaryViewSet)
