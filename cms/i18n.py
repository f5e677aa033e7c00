"""Locale helpers for templates and views: batched localization keeps page views at a fixed query count."""

from __future__ import annotations

from collections.abc import Iterable

from wagtail.models import Page, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from cms.prepared_queries import PreparedQueryPerModel

# Slugs are shared by both languages so that /en/…/iecc/ and /zh-hans/…/iecc/ are the same page.
SHARED_SLUG = SynchronizedField("slug", overridable=False)


def _translations(model, keys, locale_id):
    """The objects of `model` with these translation keys in a locale (live ones, for pages)."""
    queryset = model.objects.filter(translation_key__in=keys, locale_id=locale_id)
    if issubclass(model, Page):
        queryset = queryset.live()  # title, URL and specific_class need no .specific() query
    return queryset


TRANSLATIONS = PreparedQueryPerModel(_translations)


def localize_many(objects: Iterable[TranslatableMixin], locale_id: int) -> list:
    """Return each object's counterpart in `locale` (itself where none exists), in one query per model.

    `obj.localized` costs a query per object; related pages and topics are listed on every release, so
    look them all up at once by translation key.
    """
    objects = list(objects)
    if not objects:
        return []
    model = type(objects[0])
    keys = sorted({obj.translation_key for obj in objects if obj.locale_id != locale_id})
    found = {}
    if keys:
        found = {obj.translation_key: obj for obj in TRANSLATIONS[model](keys=keys, locale_id=locale_id)}
    return [found.get(obj.translation_key, obj) if obj.locale_id != locale_id else obj for obj in objects]
