"""wagtail-localize's own views, routed through the queue where they would write translated content.

These views sit at wagtail-localize's URLs (registered before its own, see wagtail_hooks.py), so its
buttons and links keep working:
- "Sync translated pages" updates the source and marks the queue's tasks; "publish immediately" is
  refused (translations go live by review).
- "Translate this page / snippet" into a language the queue manages opens the queue instead of making a
  live copy with English filled in.
- "Convert to alias page" is for the language's reviewers only, and puts the task back to not started.
- "Translate with machine" says how many segments it filled, of how many (its own message claims success
  when it filled none), which engine failed and what the quality checks kept out (machine.py).
The translation editor itself is left to wagtail-localize: its string saves are drafts (signals.py), its
publish button is refused by the page permission tester and gate.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.views import convert, update_translations
from wagtail_localize.views.edit_translation import apply_machine_translation

from . import work, workflow
from .gate import open_door
from .machine import label_tools
from .models import TranslationTask
from .roles import can_review


class UpdateTranslationsView(update_translations.UpdateTranslationsView):
    def form_valid(self, form):
        if form.cleaned_data.get("publish_translations"):
            messages.error(
                self.request,
                _("Translations are published by their reviewers in the translation queue; sync without publishing."),
            )
            return self.render_to_response(self.get_context_data(form=form))
        response = super().form_valid(form)
        work.after_source_synced(self.object, self.request.user)
        return response


def submit_translation(request, **kwargs):
    """Send "Translate this page" to the queue, where the work is claimed, reviewed and published."""
    if "page_id" in kwargs:
        instance = get_object_or_404(Page, id=kwargs["page_id"]).specific
        instance = getattr(instance, "alias_of", None) or instance
    else:
        from django.apps import apps

        model = apps.get_model(kwargs["app_label"], kwargs["model_name"])
        instance = get_object_or_404(model, pk=kwargs["pk"])
    if request.user.has_perm("wagtail_localize.submit_translation"):
        work.on_source_published(instance, user=request.user)
    messages.info(request, _("Translations go through the translation queue: claim the task there."))
    return redirect("translation_queue:index")


def convert_to_alias(request, page_id):
    page = get_object_or_404(Page, id=page_id)
    if not can_review(request.user, page.locale):
        raise PermissionDenied(_("Only reviewers of this language may replace a translation by its source."))
    if request.method != "POST":
        return convert.convert_to_alias(request, page_id)
    with transaction.atomic(), open_door():
        response = convert.convert_to_alias(request, page_id)
        for task in TranslationTask.objects.select_for_update().filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id
        ):
            task.assignee, task.held_revision, task.submitted_fingerprint = None, None, ""
            work.refresh(task)
            workflow.record(task, "converted_to_alias", request.user)
            task.save()
    return response


def edit_translated_page(request, page):
    """Before wagtail-localize's own edit hook: its publish button goes to review instead, and an alias
    whose translation was claimed opens in its editor (the live page stays the alias; the work is a
    draft) rather than on localize's "translate this page" screen."""
    from wagtail_localize.models import Translation
    from wagtail_localize.views.edit_translation import edit_translation

    if request.method == "POST" and request.POST.get("action") == "publish":
        messages.error(request, _("Submit the translation for review in the translation queue to publish it."))
        return redirect(reverse("wagtailadmin_pages:edit", args=[page.id]))
    if not page.alias_of_id:
        return None
    translation = Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
    ).first()
    return edit_translation(request, translation, page.specific) if translation else None


def untranslated_segments(translation) -> int:
    """Segments of the translation's source with no translation in its language yet."""
    translated = StringTranslation.objects.filter(
        translation_of_id=OuterRef("string_id"),
        context_id=OuterRef("context_id"),
        locale_id=translation.target_locale_id,
    )
    return StringSegment.objects.filter(source_id=translation.source_id).exclude(Exists(translated)).count()


def machine_translate(request, translation_id):
    """wagtail-localize's "Translate with machine", with an honest message: filled N of M."""
    translator = get_machine_translator()
    if translator is None:
        raise Http404
    translation = get_object_or_404(Translation, id=translation_id)
    missing = untranslated_segments(translation)
    if not missing:
        messages.warning(request, _("There isn't anything left to translate."))
    else:
        if hasattr(translator, "for_translation"):  # the site's engines (machine.py)
            translator.for_translation(translation)
        apply_machine_translation(translation_id, request.user, translator)  # refuses who may not edit it
        report = getattr(translator, "report", None)
        if report is not None:
            label_tools(translation, report, translator)
        filled = missing - untranslated_segments(translation)
        message = ngettext(
            "%(tool)s filled %(filled)s of %(missing)s untranslated segment.",
            "%(tool)s filled %(filled)s of %(missing)s untranslated segments.",
            missing,
        ) % {"tool": translator.display_name, "filled": filled, "missing": missing}
        notes = report.notes() if report is not None else []
        (messages.success if filled and not notes else messages.warning)(request, " ".join([message, *notes]))
    return redirect(get_valid_next_url_from_request(request) or reverse("wagtailadmin_home"))
