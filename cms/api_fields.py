"""Fields of our pages in the API (/api/v2/, cms/api.py): names in the page's language, pages it points at."""

from __future__ import annotations

from django.utils import translation
from rest_framework import serializers


class TopicsField(serializers.Field):
    """A release's topics named in the release's language: [{"slug", "name"}]."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        from news.topics import attach_topics

        attach_topics([page], page.locale_id)
        return [{"slug": topic.slug, "name": topic.name} for topic in page.localized_topics]


def page_summary(page, request=None) -> dict:
    return {
        "id": page.pk,
        "title": page.title,
        "type": f"{page.specific_class._meta.app_label}.{page.specific_class.__name__}",
        "url": page.get_full_url(request),
    }


class RelatedPagesField(serializers.Field):
    """Pages a page points at (a release's organizations and programs, a program's partners), each in
    the page's language where it is live in it."""

    def __init__(self, relation: str, attribute: str, **kwargs):
        self.relation = relation
        self.attribute = attribute
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        from cms.i18n import localize_many

        targets = [getattr(item, self.attribute) for item in getattr(page, self.relation).all()]
        request = self.context.get("request")
        return [page_summary(target, request) for target in localize_many(targets, page.locale_id)]


class ParentField(serializers.Field):
    """The organization a program belongs to (its parent page)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        parent = page.get_parent()
        return page_summary(parent, self.context.get("request")) if parent else None


class CreditsField(serializers.Field):
    """A release's credits in reading order, labelled in its language: [{"role", "name"}]."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        with translation.override(page.locale.language_code):
            return [{"role": str(label), "name": value} for label, value in page.credits]
