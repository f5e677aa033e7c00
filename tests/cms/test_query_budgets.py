"""Every page type renders within 15 queries; the news list costs the same however many releases it has."""

import datetime

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from news.models import NewsIndexPage, NewsPage

BUDGET = 15
PAGES = {
    "home": "/{lang}/",
    "organization index": "/{lang}/organizations/",
    "organization profile": "/{lang}/organizations/uniccc/",
    "program": "/{lang}/organizations/ciyec/china-korea-youth-exchange/",
    "news index": "/{lang}/news/",
    "news index filtered": "/{lang}/news/?topic=education",
    "news release": "/{lang}/news/ciyec-kicec-memorandum/",
    "news feed": "/{lang}/news/feed/",
    "search": "/{lang}/search/?q=%E4%BA%A4%E6%B5%81+exchange",
}


@override_settings(PAGE_CACHE_ENABLED=False)  # what rendering costs, not what a page cache hit costs
def count_queries(client, url):
    client.get(url)  # warm per-process caches (content types, site root paths) as a running site has
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_type_query_budget(client, seeded, name, lang):
    assert count_queries(client, PAGES[name].format(lang=lang)) <= BUDGET


def add_releases(index, count):
    for i in range(count):
        page = NewsPage(
            title=f"Release {i}",
            slug=f"release-{i}",
            date=datetime.date(2025, 1, 1) + datetime.timedelta(days=i),
            summary="A synthetic release.",
            body=[("paragraph", "<p>Text.</p>")],
        )
        index.add_child(instance=page)
        page.topics.add(*index.get_children().live().exclude(pk=page.pk).first().specific.topics.all())
        page.save_revision().publish()


def test_news_list_query_count_does_not_grow_with_releases(client, seeded):
    index = NewsIndexPage.objects.get(locale=seeded["en"])
    before = count_queries(client, "/en/news/")
    add_releases(index, 25)
    after = count_queries(client, "/en/news/")
    second_page = count_queries(client, "/en/news/?page=2")
    assert before == after == second_page
