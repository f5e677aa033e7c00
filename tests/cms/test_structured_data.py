"""Structured data (JSON-LD) as a search engine reads it from the HTML: NewsArticle with its translation
linked both ways, Organization with its name in the other language, BreadcrumbList on every page."""

import json
import re

import pytest

from news.models import NewsPage
from orgs.models import OrganizationPage
from tests.cms.test_query_budgets import PAGES

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def graph_of(client, url):
    html = client.get(url).content.decode()
    scripts = SCRIPT.findall(html)
    assert len(scripts) == 1, url
    data = json.loads(scripts[0])
    assert data["@context"] == "https://schema.org"
    return {node["@type"]: node for node in data["@graph"]}


def check_required(node, *names):
    missing = [name for name in names if node.get(name) in (None, "", [])]
    assert not missing, (node["@type"], missing)


RELEASE = "/{lang}/news/guangzhou-education-innovation-zone/"


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_release_is_a_news_article(client, seeded, lang):
    release = NewsPage.objects.get(locale__language_code=lang, slug="guangzhou-education-innovation-zone")
    article = graph_of(client, RELEASE.format(lang=lang))["NewsArticle"]
    check_required(
        article, "headline", "inLanguage", "datePublished", "dateModified", "image", "author", "publisher", "url"
    )
    assert article["headline"] == release.title
    assert article["inLanguage"] == {"en": "en", "zh-hans": "zh-Hans"}[lang]
    assert article["datePublished"] == release.date.isoformat()
    assert article["dateModified"] >= article["datePublished"]
    assert article["image"][0].startswith("http://testserver/share/")
    assert article["publisher"]["@type"] == "Organization" and article["publisher"]["name"]
    assert all(author["name"] for author in article["author"])
    assert release.reporter and release.reporter in article["creditText"]
    assert article["keywords"]


def test_the_two_languages_name_each_other(client, seeded):
    english = graph_of(client, RELEASE.format(lang="en"))["NewsArticle"]
    chinese = graph_of(client, RELEASE.format(lang="zh-hans"))["NewsArticle"]
    assert english["workTranslation"] == [
        {"@type": "NewsArticle", "@id": chinese["@id"], "inLanguage": "zh-Hans"},
    ]
    assert chinese["translationOfWork"] == {"@type": "NewsArticle", "@id": english["@id"], "inLanguage": "en"}
    assert "translationOfWork" not in english and "workTranslation" not in chinese
    # The Guangzhou release has Chinese credits of its own.
    assert re.search(r"[\u4e00-\u9fff]", chinese["creditText"])


def test_an_untranslated_alias_is_not_claimed_as_a_translation(client, seeded):
    from wagtail.models import Locale

    from news.models import NewsIndexPage

    index = NewsIndexPage.objects.get(locale__language_code="en")
    release = NewsPage(
        title="Only in English so far",
        slug="only-in-english",
        date=index.specific.releases().first().date,
        summary="Untranslated.",
        body=[("paragraph", "<p>Text.</p>")],
    )
    index.add_child(instance=release)
    release.save_revision().publish()
    # The admin's after_create_page hook mirrors a new page to Chinese; outside the admin we call it.
    from wagtail_localize.synctree import create_aliases_for_new_page

    create_aliases_for_new_page(release)
    alias = release.get_translation(Locale.objects.get(language_code="zh-hans"))
    assert alias.alias_of_id == release.pk and alias.live
    english = graph_of(client, "/en/news/only-in-english/")["NewsArticle"]
    chinese = graph_of(client, "/zh-hans/news/only-in-english/")["NewsArticle"]
    assert "workTranslation" not in english
    assert chinese["inLanguage"] == "en"  # the alias shows the English text
    assert "translationOfWork" not in chinese


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_profile_is_an_organization(client, seeded, lang):
    page = OrganizationPage.objects.get(locale__language_code=lang, slug="iecc")
    other = OrganizationPage.objects.get(locale__language_code={"en": "zh-hans", "zh-hans": "en"}[lang], slug="iecc")
    org = graph_of(client, f"/{lang}/organizations/iecc/")["Organization"]
    check_required(org, "name", "alternateName", "address", "telephone", "url")
    assert org["name"] == page.title
    assert other.title in org["alternateName"] and "IECC" in org["alternateName"]
    assert org["address"]["@type"] == "PostalAddress" and org["address"]["streetAddress"]
    telephones = org["telephone"] if isinstance(org["telephone"], list) else [org["telephone"]]
    assert all(re.fullmatch(r"\+86\d+", phone) for phone in telephones)
    assert org["parentOrganization"]["@type"] == "Organization" and org["parentOrganization"]["name"]
    if page.email:
        assert org["email"] == page.email


@pytest.mark.parametrize("name", [name for name, (url, _b) in PAGES.items() if "feed" not in url and "?" not in url])
@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_every_page_has_breadcrumbs_from_home_to_itself(client, seeded, name, lang):
    url = PAGES[name][0].format(lang=lang)
    crumbs = graph_of(client, url)["BreadcrumbList"]["itemListElement"]
    assert [crumb["position"] for crumb in crumbs] == list(range(1, len(crumbs) + 1))
    assert crumbs[0]["item"] == f"http://testserver/{lang}/"
    assert crumbs[-1]["item"] == f"http://testserver{url}"
    assert all(crumb["name"] for crumb in crumbs)
    depth = url.strip("/").count("/")
    assert len(crumbs) == depth + 1


def test_home_is_a_website_with_search(client, seeded):
    graph = graph_of(client, "/zh-hans/")
    site = graph["WebSite"]
    assert site["inLanguage"] == "zh-Hans"
    assert site["potentialAction"]["target"].startswith("http://testserver/zh-hans/search/?q=")


def test_json_ld_cannot_be_closed_by_a_title(client, seeded):
    page = OrganizationPage.objects.get(locale__language_code="en", slug="uniccc")
    page.title = "UNICCC </script><script>alert(1)</script>"
    page.save_revision().publish()
    html = client.get("/en/organizations/uniccc/").content.decode()
    assert "<script>alert(1)" not in html
    org = graph_of(client, "/en/organizations/uniccc/")["Organization"]
    assert org["name"] == page.title
