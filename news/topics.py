"""Topic names in the reader's language, whatever the number of releases and topics.

Releases keep their tags pointing at the source (English) topics; a reader sees each topic's name in
their language where it has been translated. `attach_topics` reads the tags of any number of releases
with their localized names in one query; `TopicNames` loads every topic (a site has tens) for the news
list's filter, with which of them its releases use, in one query.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Exists, OuterRef, Subquery

from cms.prepared_queries import PreparedQuery


def _tags_with_local_names(release_ids, locale_id):
    from news.models import NewsPageTopic, Topic

    # Live names only: a translated name still in review is a draft.
    # One topic per translation key and locale at most: no ordering needed (Topic's by name is dropped).
    local = Topic.objects.filter(
        translation_key=OuterRef("tag__translation_key"), locale_id=locale_id, live=True
    ).order_by()
    return (
        NewsPageTopic.objects.filter(content_object_id__in=release_ids)
        .select_related("tag")
        .annotate(local_name=Subquery(local.values("name")[:1]))
        .order_by("pk")
    )


TAGS_WITH_LOCAL_NAMES = PreparedQuery(_tags_with_local_names)


def attach_topics(releases, locale_id: int) -> None:
    """Give each release a `.localized_topics` list (display copies of its tags, named in `locale`)."""
    releases = list(releases)
    if not releases:
        return
    items = TAGS_WITH_LOCAL_NAMES(release_ids=[release.pk for release in releases], locale_id=locale_id)
    by_release = defaultdict(list)
    for item in items:
        topic = item.tag
        topic.name = item.local_name or topic.name
        by_release[item.content_object_id].append(topic)
    for release in releases:
        release.localized_topics = by_release[release.pk]


class TopicNames:
    def __init__(self, locale_id: int, used_by=None):
        """Every topic; with `used_by` (a queryset of releases), which of them those releases carry."""
        from news.models import NewsPageTopic, Topic

        self.locale_id = locale_id
        topics = Topic.objects.all()
        if used_by is not None:
            tagged = NewsPageTopic.objects.filter(
                content_object__in=used_by, tag__translation_key=OuterRef("translation_key")
            )
            topics = topics.annotate(used=Exists(tagged))
        self._by_id = {topic.pk: topic for topic in topics}
        # A translated name still in review (not live) is not shown: the source name stands in.
        self._by_key = {(t.translation_key, t.locale_id): t for t in self._by_id.values() if t.live}

    def by_slug(self, slug: str):
        """The topic with this slug, in this locale where it exists (slugs are shared by translations)."""
        matches = [t for t in self._by_id.values() if t.slug == slug and t.live]
        if not matches:
            return None
        return next((t for t in matches if t.locale_id == self.locale_id), matches[0])

    def used(self) -> list:
        """The topics the `used_by` releases carry, in this locale, by name."""
        keys = {t.translation_key for t in self._by_id.values() if getattr(t, "used", False)}
        return sorted(
            {self._by_key.get((key, self.locale_id)) or self._source(key) for key in keys}, key=lambda t: t.name
        )

    def _source(self, key):
        return next(t for t in self._by_id.values() if t.translation_key == key)
