"""Keep the queue current: publish -> tasks, edited strings -> progress, new locale -> roles."""

from __future__ import annotations

from threading import local

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Locale, Page
from wagtail.signals import page_published
from wagtail_localize.models import StringTranslation

from . import work
from .models import GlossaryTerm, TranslationTask
from .roles import ensure_locale_roles

_pending = local()


@receiver(page_published)
def queue_published_page(sender, instance, revision=None, **kwargs):
    user = getattr(revision, "user", None)
    if instance.locale_id == Locale.get_default().id:
        work.on_source_published(instance, user=user)
        return
    work.on_translation_published(instance)


def queue_published_snippet(sender, instance, created=False, raw=False, **kwargs):
    """Snippets have no drafts: every save is a publish, of a source or of a translation."""
    if raw:
        return
    if instance.locale_id == Locale.get_default().id:
        work.on_source_published(instance)
    else:
        work.on_translation_published(instance)


def connect_snippets():
    from news.models import Topic

    for model in (Topic, GlossaryTerm):
        post_save.connect(queue_published_snippet, sender=model, dispatch_uid=f"queue-{model.__name__}")


connect_snippets()


@receiver([post_save, post_delete], sender=StringTranslation)
def string_translation_changed(sender, instance, raw=False, **kwargs):
    """Refresh the task's progress once per transaction, however many strings it touched."""
    if raw:
        return
    key = (instance.context.object_id, instance.locale_id)
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

    def __call__(self):
        for object_id, locale_id in self.keys:
            for task in TranslationTask.objects.filter(source__object_id=object_id, target_locale_id=locale_id):
                work.refresh(task)
                task.save()


@receiver(post_save, sender=Locale)
def locale_roles(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw:
        ensure_locale_roles(instance)


@receiver(post_save)
def locale_home_roles(sender, instance, created=False, raw=False, **kwargs):
    """Grant the locale's groups their page permissions once its home page exists."""
    if created and not raw and isinstance(instance, Page) and instance.depth == 2:
        ensure_locale_roles(instance.locale)
