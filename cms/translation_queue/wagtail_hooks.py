from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import urls
from .models import GlossaryTerm, TaskState
from .roles import queue_locales


@hooks.register("register_admin_urls")
def register_urls():
    return [path("translation-queue/", include(urls, namespace="translation_queue"))]


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
