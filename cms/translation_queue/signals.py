"""Keep the queue current: publish -> tasks, edited strings -> progress, new locale -> roles."""

from __future__ import annotations

from threading import local

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from wagtail.models import Locale, Page
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished
from wagtail_localize.models import SegmentOverride, StringTranslation

from . import drafts, follow, work, workflow
from .content import is_translatable_snippet
from .gate import is_translated
from .models import TaskState, TranslationTask
from .roles import ensure_locale_roles

_pending = local()


@receiver(page_published)
def queue_published_page(sender, instance, revision=None, **kwargs):
    user = getattr(revision, "user", None)
    if is_translated(instance):
        work.on_translation_published(instance)
        return
    work.on_source_published(instance, user=user)
    # Wagtail also sends page_published when it only schedules a page: follow go-live, not scheduling.
    if instance.live:
        follow.source_went_live(instance)


@receiver(page_unpublished)
def unpublish_translations_with_source(sender, instance, **kwargs):
    if not is_translated(instance):
        follow.source_unpublished(instance)


@receiver(post_page_move)
def move_translations_with_source(sender, instance, parent_page_after=None, **kwargs):
    if not is_translated(instance) and parent_page_after is not None:
        follow.source_moved(instance, parent_page_after)


@receiver(pre_delete, sender=Page)
def keep_translations_of_deleted_source(sender, instance, **kwargs):
    if instance.depth > 1 and not is_translated(instance):
        follow.source_deleted(instance)


# Snippets: every translatable snippet the site registers (topics, glossary terms, …), filtered here rather
# than connected per model, so that the queue names no app. Pages send page_published instead.


@receiver(published)
def queue_published_snippet(sender, instance, **kwargs):
    if not is_translatable_snippet(instance):
        return
    if is_translated(instance):
        work.on_translation_published(instance)
        return
    work.on_source_published(instance)
    follow.source_went_live(instance)


@receiver(post_save)
def queue_created_snippet(sender, instance, created=False, raw=False, **kwargs):
    """A source snippet made live without a revision (a topic typed into a release's tags) is new work too."""
    if (
        created
        and not raw
        and is_translatable_snippet(instance)
        and getattr(instance, "live", True)
        and not is_translated(instance)
    ):
        work.on_source_published(instance)


@receiver(unpublished)
def unpublish_snippet_translations(sender, instance, **kwargs):
    if is_translatable_snippet(instance) and not is_translated(instance):
        follow.source_unpublished(instance)


@receiver([post_save, post_delete], sender=StringTranslation)
def string_translation_changed(sender, instance, raw=False, **kwargs):
    """Refresh the task's progress once per transaction, however many strings it touched."""
    if raw:
        return
    key = (instance.context.object_id, instance.locale_id, instance.last_translated_by_id)
    pending = getattr(_pending, "batch", None)
    connection = transaction.get_connection()
    # A batch belongs to one transaction: once its callback has run or was dropped by a rollback, it is
    # no longer queued on the connection and a new batch starts.
    if pending is not None and any(entry[1] is pending for entry in connection.run_on_commit):
        pending.keys.add(key)
        return
    pending = _pending.batch = _Batch({key})
    transaction.on_commit(pending)


class _Batch:
    def __init__(self, keys):
        self.keys = keys

    @transaction.atomic
    def __call__(self):
        from django.contrib.auth import get_user_model

        for object_id, locale_id, user_id in self.keys:
            user = get_user_model().objects.filter(pk=user_id).first()
            for task in TranslationTask.objects.filter(source__object_id=object_id, target_locale_id=locale_id):
                work.refresh(task)
                if task.state == TaskState.NOT_STARTED and task.segments_translated:
                    workflow.record(task, "started", user)  # someone translated in the editor before claiming
                task.save()
                # Work in progress (the editor's saves, PO files) is kept as a draft of the target object.
                if task.state in (TaskState.IN_PROGRESS, TaskState.READY_FOR_REVIEW):
                    drafts.save_draft(task, user)


@receiver(post_save, sender=Locale)
def locale_roles(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw:
        ensure_locale_roles(instance)


@receiver(post_save)
def locale_home_roles(sender, instance, created=False, raw=False, **kwargs):
    """Grant the locale's groups their page permissions once its home page exists."""
    if created and not raw and isinstance(instance, Page) and instance.depth == 2:
        ensure_locale_roles(instance.locale)


@receiver(pre_save, sender=SegmentOverride)
def refuse_unsafe_override(sender, instance, raw=False, **kwargs):
    """A link or URL override accepts only http(s), mailto, tel and relative URLs, whoever sends it
    (wagtail-localize's editor answers the translator with this 400)."""
    if raw:
        return
    from django.utils.translation import gettext as _
    from rest_framework.exceptions import ValidationError

    if not drafts.safe_override(instance.data, drafts.source_value(instance)):
        raise ValidationError(_("Only http, https, mailto, tel and relative links can be used here."))


@receiver(m2m_changed, sender=get_user_model().groups.through)
def return_tasks_of_leavers(sender, instance, action, pk_set=None, reverse=False, **kwargs):
    """Someone left a language's translators (and reviewers): their claimed tasks go back to the pool."""
    if reverse and action == "pre_clear":
        instance._leaving = list(instance.user_set.all())  # after clear() the group can't say who left
        return
    if action not in ("post_remove", "post_clear"):
        return
    if not reverse:
        users = [instance]
    elif action == "post_clear":
        users = getattr(instance, "_leaving", [])
    else:
        users = list(get_user_model().objects.filter(pk__in=pk_set or ()))
    for user in users:
        user.__dict__.pop("_queue_groups", None)
        work.return_tasks_of(user)
