"""RSS feed of a news index, in that index's language (/en/news/feed/, /zh-hans/news/feed/)."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed

from news.topics import attach_topics


class NewsFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page
        self.language = index_page.locale.language_code

    def title(self):
        return self.index_page.title

    def link(self):
        return self.index_page.url

    def description(self):
        return self.index_page.intro

    def items(self):
        releases = list(self.index_page.releases()[:20])
        attach_topics(releases, self.index_page.locale_id)
        return releases

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.date, time(9)))

    def item_categories(self, item):
        return [topic.name for topic in item.localized_topics]
