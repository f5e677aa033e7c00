"""Purge the page cache once after the seed, not once per publish during it.

For every page published and topic saved, cms/page_cache/signals.py works out which URLs show it
(its counterparts, ancestors, children, the pages it references before and after the save: a few
queries each) and bumps their cache tokens. The seed publishes every page of both languages, most of
them twice (an alias, then its translation), and saves every topic: some 5 % of its time went on
plans that one plan for the whole site, made after the build, covers. Unpublishing, deleting, moving
and slug changes still purge as they happen.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db.models.signals import post_save, pre_save
from wagtail.models import Page
from wagtail.signals import page_published

from cms.page_cache import signals as page_cache_signals
from cms.page_cache.dependencies import plan_for_pages, plan_for_topics
from cms.page_cache.purge import purge

TOPIC_SAVED_UID = "page-cache-topic-saved"  # as cms/page_cache/signals.py connects it


@contextmanager
def page_cache_purged_afterwards():
    """Publishes and topic saves made while this runs purge nothing: call `purge_whole_site` after."""
    from news.models import Topic

    page_published.disconnect(page_cache_signals.page_changed)
    pre_save.disconnect(page_cache_signals.remember_references)
    post_save.disconnect(sender=Topic, dispatch_uid=TOPIC_SAVED_UID)
    try:
        yield
    finally:
        page_published.connect(page_cache_signals.page_changed)
        pre_save.connect(page_cache_signals.remember_references)
        post_save.connect(page_cache_signals.topic_changed, sender=Topic, dispatch_uid=TOPIC_SAVED_UID)


def purge_whole_site() -> None:
    """What the deferred purges would have covered, and more: every page and topic of every language."""
    from news.models import Topic

    plan = plan_for_pages(Page.objects.filter(depth__gt=1).specific())
    plan.update(plan_for_topics(Topic.objects.all()))
    purge(plan)
