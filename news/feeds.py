"""Feeds of a news index, in that index's language: RSS 2.0 at feed/, Atom at feed/atom/, JSON Feed 1.1 at
feed/json/ (e.g. /en/news/feed/atom/), each also per topic with ?topic=<slug>.

Every entry carries its title, summary, dates (published and updated), author credits, topics as
categories and the lead image where there is one (an RSS enclosure, an Atom enclosure link, JSON Feed's
`image`). Django's syndication framework writes RSS and Atom; JSON Feed is a small generator on the same
framework (`JsonFeed`), so all three share one description of the items.

A feed costs a fixed number of queries whatever its length (releases, their topics, their renditions)
and is stored by the page cache like a page (it is a route of the index page), purged on publish.
"""

from __future__ import annotations

import json
from datetime import datetime, time

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed, SyndicationFeed, rfc3339_date
from django.utils.translation import gettext as _
from django.utils.translation import override

from cms.images import FEED_IMAGE_FILTER, LEAD_SPEC, prefetch_renditions
from cms.seo import bcp47
from news.topics import TopicNames, attach_topics

FEED_LENGTH = 20


def topic_feed_title(news: str, topic: str) -> str:
    """The title of a topic's feed in the active language ("News: Education", "新闻：教育")."""
    # Translators: the title of a news feed of one topic, e.g. "News: Education".
    return _("%(news)s: %(topic)s") % {"news": news, "topic": topic}


class JsonFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1), with `language` on the feed and every item."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        feed = self.feed
        data = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": feed["description"],
            "language": feed["language"],
            "authors": [{"name": feed["author_name"]}] if feed.get("author_name") else [],
            "items": [self.item(item) for item in self.items],
        }
        outfile.write(json.dumps(data, ensure_ascii=False, indent=1))

    @staticmethod
    def item(item) -> dict:
        entry = {
            "id": item["unique_id"] or item["link"],
            "url": item["link"],
            "title": item["title"],
            "summary": item["description"],
            "content_text": item["description"],
            "language": item["language"],
        }
        if item.get("pubdate"):
            entry["date_published"] = rfc3339_date(item["pubdate"])
        if item.get("updateddate"):
            entry["date_modified"] = rfc3339_date(item["updateddate"])
        if item.get("credits"):
            entry["authors"] = [{"name": name} for name in item["credits"]]
        if item.get("categories"):
            entry["tags"] = list(item["categories"])
        if item.get("image"):
            entry["image"] = item["image"]
        return entry


class NewsFeed(Feed):
    """RSS 2.0; `AtomNewsFeed` and `JsonNewsFeed` change only the format."""

    feed_type = Rss201rev2Feed
    route = "feed/"

    def __init__(self, index_page, request):
        super().__init__()
        self.index_page = index_page
        self.language_code = index_page.locale.language_code
        # Django's Feed writes `language` (RSS <language>, Atom xml:lang, JsonFeed's "language") from this.
        self.language = bcp47(self.language_code)
        slug = request.GET.get("topic", "").strip()[:100]
        self.topic = None
        if slug:
            self.topic = TopicNames(index_page.locale_id).by_slug(slug)
            if self.topic is None:
                raise Http404("No such topic")

    def __call__(self, request, *args, **kwargs):
        with override(self.language_code):  # the feed's words (credits, titles) in its own language
            return super().__call__(request, *args, **kwargs)

    def title(self):
        if self.topic is not None:
            return topic_feed_title(self.index_page.title, self.topic.name)
        return self.index_page.title

    def link(self):
        return self.index_page.get_url(self.request)

    def feed_url(self):
        url = self.index_page.get_url(self.request) + self.route
        return f"{url}?topic={self.topic.slug}" if self.topic is not None else url

    def description(self):
        return self.index_page.intro or self.index_page.title

    def author_name(self):
        return str(settings.WAGTAIL_SITE_NAME)

    def items(self):
        releases = self.index_page.releases()
        if self.topic is not None:
            releases = releases.filter(tagged_items__tag__translation_key=self.topic.translation_key)
        releases = list(releases[:FEED_LENGTH])
        attach_topics(releases, self.index_page.locale_id)
        prefetch_renditions([release.lead_image for release in releases], LEAD_SPEC)
        return releases

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.date, time(9)))

    def item_updateddate(self, item):
        """The editorial update date where there is one, else the last publish (never before the release)."""
        published = self.item_pubdate(item)
        if item.updated and item.updated != item.date:
            return max(published, timezone.make_aware(datetime.combine(item.updated, time(9))))
        if item.last_published_at:
            return max(published, item.last_published_at)
        return published

    def item_author_name(self, item):
        return "; ".join(f"{label}: {value}" for label, value in item.credits) or None

    def item_categories(self, item):
        return [topic.name for topic in item.localized_topics]

    def lead_rendition(self, item):
        if item.lead_image is None:
            return None
        try:
            return item.lead_image.get_rendition(FEED_IMAGE_FILTER)
        except Exception:  # a missing or unreadable original must not take the feed down
            return None

    def item_enclosures(self, item):
        rendition = self.lead_rendition(item)
        if rendition is None:
            return []
        try:
            length = rendition.file.size
        except Exception:
            length = 0
        return [Enclosure(self.absolute(rendition.url), str(length), "image/jpeg")]

    def item_extra_kwargs(self, item):
        rendition = self.lead_rendition(item)
        return {
            "language": self.language,
            "credits": [value for _label, value in item.credits],
            "image": self.absolute(rendition.url) if rendition is not None else None,
        }

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return None

    def absolute(self, url: str) -> str:
        return url if "://" in url else self.request.build_absolute_uri(url)


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed
    route = "feed/atom/"

    def subtitle(self):
        return self.description()


class JsonNewsFeed(NewsFeed):
    feed_type = JsonFeed
    route = "feed/json/"


FEEDS = {"rss": NewsFeed, "atom": AtomNewsFeed, "json": JsonNewsFeed}
