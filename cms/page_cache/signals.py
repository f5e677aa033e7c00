"""Purge on every way content reaches or leaves visitors, through Wagtail's generic signals.

Publishing (scheduled go-live included: `publish_scheduled` publishes a revision), unpublishing (expiry
included), moving, deleting, changing a slug, making a page private or public again, in either
language and by whatever path sends them (the admin, wagtail-localize, the translation queue, the
seed); saving or deleting a topic. Glossary terms are not shown on public pages (only to translators
in the admin), so they purge nothing.
"""

from __future__ import annotations

from django.db.models.signals import post_save, pre_delete, pre_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move, pre_page_move

from .dependencies import Plan, plan_for_pages, plan_for_topics, referenced_page_ids, urls_before_slug_change
from .purge import purge


def _is_specific_page(instance) -> bool:
    # Deleting a page sends signals for its Page row and its specific row: handle the specific one.
    return isinstance(instance, Page) and type(instance) is instance.specific_class


@receiver(pre_save)
def remember_references(sender, instance, raw=False, update_fields=None, **kwargs):
    """A full save of a page may drop a relation: the page it pointed at must be purged too."""
    if raw or update_fields is not None or not isinstance(instance, Page) or instance.pk is None:
        return
    # Kept on the instance: Wagtail sends page_published with this object (`.specific` returns it as is).
    instance._page_cache_references_before = referenced_page_ids([instance.pk])


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance, **kwargs):
    before = getattr(instance, "_page_cache_references_before", set())
    purge(plan_for_pages([instance], referenced_before=before))


@receiver(pre_delete)
def page_deleted(sender, instance, **kwargs):
    if _is_specific_page(instance):
        purge(plan_for_pages([instance]))


@receiver(pre_page_move)
@receiver(post_page_move)
def page_moved(sender, instance, **kwargs):
    """Before the move: the old URLs and the old parents; after it: the new ones."""
    purge(plan_for_pages(Page.objects.get(pk=instance.pk).get_descendants(inclusive=True)))


@receiver(page_slug_changed)
def slug_changed(sender, instance, instance_before, **kwargs):
    purge(Plan(urls=urls_before_slug_change(instance, instance_before.slug)))


@receiver(post_save, sender=PageViewRestriction)
@receiver(pre_delete, sender=PageViewRestriction)
def restriction_changed(sender, instance, raw=False, **kwargs):
    """A page made private (or public again) must stop (or start) being served from the cache."""
    if not raw:
        purge(plan_for_pages(instance.page.get_descendants(inclusive=True)))


def topic_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        purge(plan_for_topics([instance]))


def connect_snippets():
    from news.models import Topic

    post_save.connect(topic_changed, sender=Topic, dispatch_uid="page-cache-topic-saved")
    pre_delete.connect(topic_changed, sender=Topic, dispatch_uid="page-cache-topic-deleted")
