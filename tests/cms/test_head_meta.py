"""What a shared link or a search engine reads from a page's head: description, canonical URL, Open Graph,
Twitter card, content-language for Baidu, in both languages and without a query more per page."""

import re
from html.parser import HTMLParser

import pytest
from django.utils import translation

from news.models import NewsPage
from tests.cms.test_query_budgets import PAGES


class HeadParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta = []  # (key, content)
        self.links = []  # (rel, href, attrs)
        self.in_head = True

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "body":
            self.in_head = False
        if not self.in_head:
            return
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name") or attrs.get("http-equiv")
            if key:
                self.meta.append((key, attrs.get("content")))
        elif tag == "link":
            self.links.append((attrs.get("rel"), attrs.get("href"), attrs))


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


def values(head, key):
    return [content for name, content in head.meta if name == key]


def one(head, key):
    found = values(head, key)
    assert len(found) == 1, (key, found)
    return found[0]


RELEASE = "/{lang}/news/guangzhou-education-innovation-zone/"


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_release_head_describes_it_for_search_engines_and_social_networks(client, seeded, lang):
    url = RELEASE.format(lang=lang)
    release = NewsPage.objects.get(locale__language_code=lang, slug="guangzhou-education-innovation-zone")
    head = head_of(client, url)
    description = one(head, "description")
    assert description and release.summary.startswith(description.rstrip("…"))
    assert [href for rel, href, _a in head.links if rel == "canonical"] == [f"http://testserver{url}"]
    assert one(head, "og:type") == "article"
    assert one(head, "og:title") == release.title
    assert one(head, "og:description") == description
    assert one(head, "og:url") == f"http://testserver{url}"
    assert one(head, "og:locale") == {"en": "en_US", "zh-hans": "zh_CN"}[lang]
    assert values(head, "og:locale:alternate") == [{"en": "zh_CN", "zh-hans": "en_US"}[lang]]
    assert one(head, "og:image").startswith("http://testserver/share/")
    assert (one(head, "og:image:width"), one(head, "og:image:height")) == ("1200", "630")
    assert one(head, "og:image:alt")
    assert one(head, "twitter:card") == "summary_large_image"
    assert one(head, "twitter:image") == one(head, "og:image")
    assert one(head, "article:published_time") == release.date.isoformat()
    assert values(head, "article:tag")
    assert one(head, "content-language") == {"en": "en", "zh-hans": "zh-CN"}[lang]


def test_chinese_head_is_in_chinese(client, seeded):
    head = head_of(client, RELEASE.format(lang="zh-hans"))
    assert re.search(r"[\u4e00-\u9fff]", one(head, "description"))
    assert re.search(r"[\u4e00-\u9fff]", one(head, "og:title"))
    assert all(re.search(r"[\u4e00-\u9fff]", tag) for tag in values(head, "article:tag"))


def test_every_page_type_has_a_description_canonical_and_share_image(client, seeded):
    for name, (url, _budget) in PAGES.items():
        for lang in ("en", "zh-hans"):
            page_url = url.format(lang=lang)
            if "feed" in page_url:
                continue
            head = head_of(client, page_url)
            assert one(head, "content-language")
            if "search" in page_url:
                assert one(head, "robots") == "noindex"
                continue
            assert one(head, "description"), (name, lang)
            canonical = [href for rel, href, _a in head.links if rel == "canonical"]
            assert len(canonical) == 1 and canonical[0].startswith(f"http://testserver/{lang}/")
            assert one(head, "og:image").startswith("http://testserver/share/")


def test_canonical_keeps_only_the_parameters_that_choose_content(client, seeded):
    head = head_of(client, "/en/news/?topic=education&utm_source=x")
    assert [href for rel, href, _a in head.links if rel == "canonical"] == [
        "http://testserver/en/news/?topic=education"
    ]
    head = head_of(client, "/en/organizations/?utm_source=x")
    assert [href for rel, href, _a in head.links if rel == "canonical"] == ["http://testserver/en/organizations/"]


def test_an_editors_search_description_wins(client, seeded):
    release = NewsPage.objects.get(locale__language_code="en", slug="ciyec-kicec-memorandum")
    release.search_description = "Written for search engines."
    release.save_revision().publish()
    head = head_of(client, "/en/news/ciyec-kicec-memorandum/")
    assert one(head, "description") == "Written for search engines."


@pytest.mark.parametrize("name", ["home", "organization profile", "program", "news index", "news release"])
@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_head_metadata_and_structured_data_cost_no_query(client, seeded, name, lang, django_assert_num_queries):
    """The tags read only what the page view has loaded (the page, the chrome's translations, the
    routing's ancestors, the context): rendering them again for the same request costs nothing."""
    from cms.templatetags.seo_tags import feed_links, head_meta, structured_data

    response = client.get(PAGES[name][0].format(lang=lang))
    context = {key: value for layer in response.context for d in layer.dicts for key, value in d.items()}
    context["request"] = response.wsgi_request
    response.wsgi_request._share_image_url = None
    with translation.override(lang), django_assert_num_queries(0):
        assert head_meta(context)["meta"]["canonical"]
        assert "application/ld+json" in structured_data(context)
        assert feed_links(context)["feeds"]
