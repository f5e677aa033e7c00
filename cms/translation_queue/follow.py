"""The translated side follows its source's life: a counterpart is never live while its English is not.

- English goes live (published, or a scheduled go-live): approved translations held for it go live with
  it; live translations take the English synchronized fields (dates, phones, e-mail, URLs, images).
- English is unpublished or expires: its translations are unpublished too, and come back with it.
- English moves: its translations move under the translated parent.
- English is deleted: its translations are unpublished (kept, with their drafts, to be recovered), and
  the open tasks are closed with a log entry that says why.
Aliases are Wagtail's: they follow by themselves (see TranslatedPage.update_aliases for go-live).
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page

from . import drafts, workflow
from .gate import open_door
from .models import TaskState, TranslationTask

logger = logging.getLogger(__name__)


def tasks_for(instance):
    return TranslationTask.objects.filter(source__object_id=instance.translation_key).select_related(
        "source", "target_locale", "held_revision"
    )


def counterparts(instance):
    """Translations (and, for pages, aliases) of a source object in the other languages."""
    model = Page if isinstance(instance, Page) else type(instance)
    return model.objects.filter(translation_key=instance.translation_key).exclude(locale_id=instance.locale_id)


def live_translations(instance):
    """The live counterparts that are translations, not aliases (Wagtail keeps aliases in step itself)."""
    found = counterparts(instance).filter(live=True)
    return found.filter(alias_of__isnull=True) if isinstance(instance, Page) else found


@transaction.atomic
def source_went_live(instance) -> None:
    for task in tasks_for(instance).filter(held_revision__isnull=False):
        drafts.publish(task.held_revision, task.source)
        workflow.event(task, "published_with_source", data={"revision": task.held_revision_id})
        task.held_revision = None
        task.save(update_fields=["held_revision", "updated_at"])
    for counterpart in live_translations(instance):
        follow_synchronized_fields(instance, getattr(counterpart, "specific", counterpart))


def follow_synchronized_fields(english, translated) -> None:
    """Publish a revision of the live translation with the English synchronized fields, if they changed;
    a draft in progress is rebuilt on top so it keeps them too."""
    task = tasks_for(english).filter(target_locale_id=translated.locale_id).first()
    keep = drafts.overridden_paths(task) if task else set()
    had_draft = translated.latest_revision_id not in (None, translated.live_revision_id)
    changed = drafts.follow_synchronized_fields(english, translated, keep=keep)
    if not changed:
        return
    try:
        with open_door(), transaction.atomic():
            revision = translated.save_revision(clean=False, changed=True)
            revision.publish(skip_permission_checks=True)
    except ValidationError as error:
        # The new English values need translated companions first (a new lead image needs its alt text):
        # the English publish goes on; the translation keeps its live version until translators sync it.
        logger.warning("Synchronized fields of %s not applied: %s", translated, error)
        if task is not None:  # the translators' queue says so: syncing takes the new English in
            task = TranslationTask.objects.select_for_update().get(pk=task.pk)
            workflow.record(task, "out_of_date", data={"fields": changed, "error": "; ".join(error.messages)})
            task.save()
        return
    if task is not None:
        workflow.event(task, "synchronized", data={"fields": changed})
        if had_draft and task.state != TaskState.DONE:
            drafts.save_draft(task)


@transaction.atomic
def source_unpublished(instance) -> None:
    """Unpublish the live translations; their live revision is held to come back when the English does."""
    tasks = {task.target_locale_id: task for task in tasks_for(instance)}
    for counterpart in live_translations(instance):
        counterpart = getattr(counterpart, "specific", counterpart)
        task = tasks.get(counterpart.locale_id)
        with open_door():
            if task is not None and counterpart.live_revision_id:
                task.held_revision_id = counterpart.live_revision_id
                task.save(update_fields=["held_revision", "updated_at"])
            counterpart.unpublish(log_action=True)
        if task is not None:
            workflow.event(task, "unpublished_with_source")


@transaction.atomic
def source_moved(instance, parent_after) -> None:
    for counterpart in counterparts(instance):
        new_parent = parent_after.get_translation_or_none(counterpart.locale)
        if new_parent is None or counterpart.get_parent().pk == new_parent.pk:
            continue
        with open_door():
            counterpart.specific.move(new_parent, pos="last-child")


@transaction.atomic
def source_deleted(instance) -> None:
    """Never a live orphan: unpublish what was translated, close the open tasks and say why."""
    kept = {}
    for counterpart in counterparts(instance):
        kept[counterpart.locale_id] = counterpart.pk
        if counterpart.live:
            with open_door():
                counterpart.specific.unpublish(log_action=True)
    for task in tasks_for(instance):
        task.held_revision = None
        if task.state != TaskState.DONE:
            task.review_comment = _("Closed: the source was deleted. The translation is kept, unpublished.")
        workflow.record(task, "source_deleted", data={"kept_page": kept.get(task.target_locale_id)})
        task.save()
