"""Private pages stay private although the routing reads their view restrictions with the route.

The route's query says, for the page and each of its parents, whether a view restriction applies
(cms/routing.py); when none does, Wagtail's check costs no query. These tests make sure a restriction
anywhere above the page, or on the source of an alias, still asks for the password.
"""

import datetime

import pytest
from wagtail.models import Locale, Page, PageViewRestriction

from cms.translation_queue.gate import open_door
from news.models import NewsIndexPage, NewsPage

RELEASE = "ciyec-kicec-memorandum"


def restrict(page):
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret")


def asks_for_password(client, url) -> bool:
    response = client.get(url)
    assert response.status_code == 200, url
    return 'type="password"' in response.content.decode()


@pytest.mark.parametrize("where", ["tree root", "home page", "news index", "release"])
@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_a_restriction_on_the_page_or_any_parent_asks_for_the_password(client, seeded, where, lang):
    url = f"/{lang}/news/{RELEASE}/"
    release = Page.objects.get(slug=RELEASE, locale__language_code=lang)
    assert not asks_for_password(client, url)
    parents = {p.depth: p for p in release.get_ancestors()}
    restrict({"tree root": parents[1], "home page": parents[2], "news index": parents[3], "release": release}[where])
    assert asks_for_password(client, url)
    # A profile outside the news section is private only when the restriction is above both.
    assert asks_for_password(client, f"/{lang}/organizations/uniccc/") == (where in ("tree root", "home page"))


def test_an_alias_has_the_restrictions_of_its_source(client, seeded):
    index = NewsIndexPage.objects.get(locale=seeded["en"])
    release = NewsPage(title="Private release", slug="private-release", date=datetime.date(2030, 1, 1), summary="S.")
    index.add_child(instance=release)
    release.save_revision().publish()
    zh = Locale.objects.get(language_code="zh-hans")
    with open_door():
        alias = Page.objects.filter(alias_of=release, locale=zh).first() or release.copy_for_translation(zh, alias=True)
    assert alias.alias_of_id == release.pk
    assert not asks_for_password(client, "/zh-hans/news/private-release/")
    restrict(release)
    assert asks_for_password(client, "/zh-hans/news/private-release/")
