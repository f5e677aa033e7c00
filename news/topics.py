"""Topic names in the reader's language, looked up in memory.

A site has tens of topics, so one query loads them all in every language; every list, filter and
release page then localizes tags without further queries, however many releases it shows.
"""

from __future__ import annotations


class TopicNames:
    def __init__(self, locale_id: int):
        from news.models import Topic

        self.locale_id = locale_id
        self._by_id = {topic.pk: topic for topic in Topic.objects.all()}
        # A translated name still in review (not live) is not shown: the source name stands in.
        self._by_key = {(t.translation_key, t.locale_id): t for t in self._by_id.values() if t.live}

    def localized(self, topic_id: int):
        """The topic in this locale, or the source topic when it has not been translated yet."""
        topic = self._by_id[topic_id]
        return self._by_key.get((topic.translation_key, self.locale_id), topic)

    def by_slug(self, slug: str):
        """The topic with this slug, in this locale where it exists (slugs are shared by translations)."""
        matches = [t for t in self._by_id.values() if t.slug == slug and t.live]
        if not matches:
            return None
        return next((t for t in matches if t.locale_id == self.locale_id), matches[0])

    def for_ids(self, topic_ids) -> list:
        return sorted((self.localized(pk) for pk in set(topic_ids)), key=lambda t: t.name)

    def attach(self, releases) -> None:
        """Give each release (with tagged_items prefetched) a `.localized_topics` list."""
        for release in releases:
            release.localized_topics = [self.localized(item.tag_id) for item in release.tagged_items.all()]
