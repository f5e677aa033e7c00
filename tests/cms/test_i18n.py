"""Language routing, alternates, the switcher, localized dates and the alias notice."""

import re

import pytest
from django.conf import settings
from wagtail.models import Page

from news.models import NewsPage
from orgs.models import OrganizationPage


@pytest.mark.parametrize(
    ("accept_language", "target"),
    [("zh-CN,zh;q=0.9,en;q=0.5", "/zh-hans/"), ("en-GB,en;q=0.9", "/en/"), ("fr-FR", "/en/"), ("", "/en/")],
)
def test_root_redirects_by_accept_language(client, seeded, accept_language, target):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 302
    assert response["Location"] == target


def test_admin_sits_outside_the_language_prefix(client, seeded):
    assert client.get("/admin/login/").status_code == 200
    assert client.get("/en/admin/").status_code == 404


def alternates(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


@pytest.mark.parametrize("language_code", ["en", "zh-hans"])
def test_hreflang_alternates_and_x_default(client, seeded, language_code):
    html = client.get(f"/{language_code}/organizations/iecc/").content.decode()
    assert alternates(html) == {
        "en": "http://testserver/en/organizations/iecc/",
        "zh-hans": "http://testserver/zh-hans/organizations/iecc/",
        "x-default": "http://testserver/en/organizations/iecc/",
    }


def test_language_switcher_goes_to_the_same_page(client, seeded):
    html = client.get("/en/news/ciyec-kicec-memorandum/").content.decode()
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    assert 'href="http://testserver/zh-hans/news/ciyec-kicec-memorandum/"' in switcher
    assert '<span aria-current="true" lang="en">English</span>' in switcher
    assert ">简体中文</a>" in switcher


def test_search_page_switcher_keeps_the_query(client, seeded):
    html = client.get("/en/search/?q=Guangzhou").content.decode()
    assert 'href="http://testserver/zh-hans/search/?q=Guangzhou"' in html


def test_dates_are_localized(client, seeded):
    assert "27 May 2024" in client.get("/en/news/ciyec-kicec-memorandum/").content.decode()
    assert "2024年5月27日" in client.get("/zh-hans/news/ciyec-kicec-memorandum/").content.decode()
    assert "March 2002" in client.get("/en/organizations/iecc/").content.decode()
    assert "2002年3月" in client.get("/zh-hans/organizations/iecc/").content.decode()


def test_topics_are_named_in_the_readers_language(client, seeded):
    assert ">Youth exchange</a>" in client.get("/en/news/ciyec-kicec-memorandum/").content.decode()
    assert ">青年交流</a>" in client.get("/zh-hans/news/ciyec-kicec-memorandum/").content.decode()


def test_untranslated_alias_says_so_and_marks_english(client, seeded):
    """A new English page is mirrored to Chinese as an alias until a translator gets to it."""
    index = Page.objects.get(locale=seeded["en"], slug="organizations")
    page = OrganizationPage(title="New Partner Foundation", slug="new-partner", summary="Works with schools.")
    index.add_child(instance=page)
    page.save_revision().publish()
    from wagtail_localize.synctree import create_aliases_for_new_page

    create_aliases_for_new_page(page)
    html = client.get("/zh-hans/organizations/new-partner/").content.decode()
    assert '<html lang="zh-hans"' in html
    assert "本页尚未译成中文" in html
    assert '<div class="page-content" lang="en">' in html
    assert "New Partner Foundation" in html
    # A translated page carries no notice and no lang override.
    translated = client.get("/zh-hans/organizations/iecc/").content.decode()
    assert "本页尚未译成中文" not in translated
    assert '<div class="page-content">' in translated


def test_sitemap_lists_both_languages_with_alternates(client, seeded):
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/zh-hans/news/guangzhou-education-innovation-zone/</loc>" in xml
    assert 'hreflang="x-default" href="http://testserver/en/news/guangzhou-education-innovation-zone/"' in xml
    assert xml.count("<url>") == 2 * Page.objects.live().filter(depth__gt=1, locale=seeded["en"]).count()


def test_news_feeds_per_language(client, seeded):
    zh = client.get("/zh-hans/news/feed/").content.decode()
    assert "<language>zh-Hans</language>" in zh  # BCP 47 as in JSON-LD's inLanguage (cms/seo.py)
    assert "<title>全国首个中外人文交流教育创新区在广州成立</title>" in zh
    en = client.get("/en/news/feed/").content.decode()
    assert "<language>en</language>" in en
    assert NewsPage.objects.get(locale=seeded["en"], slug="ciyec-kicec-memorandum").title in en


def test_languages_are_the_contract():
    assert settings.LANGUAGES == [("en", "English"), ("zh-hans", "简体中文")]
