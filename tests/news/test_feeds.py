"""The news feeds as a feed reader sees them: RSS 2.0, Atom and JSON Feed 1.1 in both languages, per topic,
parsed by feedparser, and found from every page's head."""

import datetime
import json
import re

import feedparser
import pytest

from news.models import NewsIndexPage, NewsPage, Topic

FORMATS = {"rss": ("feed/", "rss20"), "atom": ("feed/atom/", "atom10"), "json": ("feed/json/", "json11")}


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    if response["Content-Type"].startswith("application/feed+json"):
        return response, parse_json_feed(response.content)
    return response, feedparser.parse(response.content, response_headers={"content-type": response["Content-Type"]})


def parse_json_feed(content: bytes) -> feedparser.FeedParserDict:
    """JSON Feed 1.1 read as feedparser reads RSS and Atom (released feedparser, 6.x, reads no JSON Feed):
    the same keys, `bozo` set where the spec's requirements are not met."""
    from feedparser.datetimes import _parse_date

    problems = []
    try:
        data = json.loads(content)
    except ValueError as error:
        return feedparser.FeedParserDict(bozo=True, bozo_exception=error, feed={}, entries=[], version="")
    if data.get("version") != "https://jsonfeed.org/version/1.1":
        problems.append("version")
    if not isinstance(data.get("title"), str) or not isinstance(data.get("items"), list):
        problems.append("title and items are required")

    def date(value, where):
        parsed = _parse_date(value) if value else None
        if value and parsed is None:
            problems.append(f"{where}: not an RFC 3339 date: {value}")
        return parsed

    entries = []
    for number, item in enumerate(data.get("items") or []):
        if not isinstance(item.get("id"), str) or not item["id"]:
            problems.append(f"item {number}: id is required")
        if not (item.get("content_html") or item.get("content_text")):
            problems.append(f"item {number}: content_html or content_text is required")
        entry = feedparser.FeedParserDict(
            id=item.get("id"),
            title=item.get("title"),
            link=item.get("url"),
            summary=item.get("summary"),
            published_parsed=date(item.get("date_published"), f"item {number}"),
            updated_parsed=date(item.get("date_modified"), f"item {number}"),
            tags=[feedparser.FeedParserDict(term=tag) for tag in item.get("tags", [])],
        )
        if item.get("authors"):
            entry["author"] = ", ".join(author["name"] for author in item["authors"])
        entries.append(entry)
    feed = feedparser.FeedParserDict(
        title=data.get("title"), link=data.get("home_page_url"), language=data.get("language")
    )
    return feedparser.FeedParserDict(
        bozo=bool(problems),
        bozo_exception="; ".join(problems) or None,
        version="json11",
        feed=feed,
        entries=entries,
    )


@pytest.mark.parametrize("kind", list(FORMATS))
@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_every_feed_parses_with_its_required_elements(client, seeded, kind, lang):
    route, version = FORMATS[kind]
    response, feed = fetch(client, f"/{lang}/news/{route}")
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    index = NewsIndexPage.objects.get(locale__language_code=lang)
    assert feed.feed.title == index.title
    assert feed.feed.link == f"http://testserver/{lang}/news/"
    assert feed.feed.language.lower() == {"en": "en", "zh-hans": "zh-hans"}[lang]
    releases = list(NewsPage.objects.child_of(index).live().order_by("-date", "-pk"))
    assert [entry.title for entry in feed.entries] == [release.title for release in releases]
    for entry, release in zip(feed.entries, releases, strict=True):
        assert entry.link == f"http://testserver{release.url}"
        assert entry.summary == release.summary
        assert entry.published_parsed[:3] == release.date.timetuple()[:3]
        if kind != "rss":  # RSS 2.0 has no updated date (feedparser would fall back to the published one)
            assert entry.updated_parsed >= entry.published_parsed
        if release.reporter:  # the credits
            assert release.reporter in entry.author
        assert entry.tags, "topics as categories"
    if kind == "json":
        data = json.loads(response.content)
        assert data["version"] == "https://jsonfeed.org/version/1.1"
        assert data["language"] == {"en": "en", "zh-hans": "zh-Hans"}[lang]
        assert all(item["language"] == data["language"] for item in data["items"])
        assert all(item["content_text"] and item["id"] for item in data["items"])


def test_feeds_carry_topics_in_the_feed_language_and_the_lead_image(client, seeded):
    _response, english = fetch(client, "/en/news/feed/")
    _response, chinese = fetch(client, "/zh-hans/news/feed/")
    english_topics = {tag.term for entry in english.entries for tag in entry.tags}
    chinese_topics = {tag.term for entry in chinese.entries for tag in entry.tags}
    assert "Education" in english_topics
    assert chinese_topics and not chinese_topics & english_topics  # translated names
    assert all(re.search(r"[\u4e00-\u9fff]", term) for term in chinese_topics)

    # The seeded releases have covers: an enclosure (RSS, Atom) or `image` (JSON) with a real JPEG.
    for route in ("feed/", "feed/atom/"):
        _response, feed = fetch(client, f"/en/news/{route}")
        for entry in feed.entries:
            enclosures = entry.enclosures
            assert len(enclosures) == 1 and enclosures[0].type == "image/jpeg"
            assert int(enclosures[0].length) > 1000
    data = json.loads(client.get("/en/news/feed/json/").content)
    for item in data["items"]:
        assert item["image"].startswith("http://testserver/") and item["image"].endswith(".jpg")


@pytest.mark.parametrize("route", ["feed/", "feed/atom/", "feed/json/"])
def test_topic_feed_lists_only_that_topic(client, seeded, route):
    topic = Topic.objects.get(locale__language_code="en", slug="education")
    tagged = set(NewsPage.objects.live().filter(locale__language_code="zh-hans", tagged_items__tag=topic))
    other = NewsPage.objects.live().filter(locale__language_code="zh-hans").exclude(pk__in=[p.pk for p in tagged])
    _response, feed = fetch(client, f"/zh-hans/news/{route}?topic=education")
    assert not feed.bozo
    assert {entry.title for entry in feed.entries} == {page.title for page in tagged}
    assert not {entry.title for entry in feed.entries} & {page.title for page in other}
    chinese_name = Topic.objects.get(locale__language_code="zh-hans", slug="education").name
    index_title = NewsIndexPage.objects.get(locale__language_code="zh-hans").title
    assert feed.feed.title == f"{index_title}：{chinese_name}"  # the Chinese catalogue's full-width colon
    assert client.get(f"/zh-hans/news/{route}?topic=no-such-topic").status_code == 404


def test_an_untagged_release_without_image_or_credits_still_makes_a_valid_entry(client, seeded):
    index = NewsIndexPage.objects.get(locale__language_code="en")
    release = NewsPage(
        title="A bare release",
        slug="a-bare-release",
        date=datetime.date(2031, 5, 1),
        summary="Nothing but a summary.",
        body=[("paragraph", "<p>Text.</p>")],
    )
    index.add_child(instance=release)
    release.save_revision().publish()
    for kind, (route, _version) in FORMATS.items():
        response, feed = fetch(client, f"/en/news/{route}")
        assert not feed.bozo, kind
        entry = feed.entries[0]
        assert entry.title == "A bare release"
        assert not entry.get("enclosures")
        if kind == "json":
            assert "image" not in json.loads(response.content)["items"][0]


def test_every_page_head_links_the_feeds_of_its_language(client, seeded):
    for lang in ("en", "zh-hans"):
        for path in ("", "organizations/", "news/ciyec-kicec-memorandum/", "search/?q=x"):
            html = client.get(f"/{lang}/{path}").content.decode()
            head = html.split("</head>")[0]
            links = re.findall(r'<link rel="alternate" type="([^"]+)" title="[^"]+" href="([^"]+)">', head)
            assert ("application/rss+xml", f"/{lang}/news/feed/") in links
            assert ("application/atom+xml", f"/{lang}/news/feed/atom/") in links
            assert ("application/feed+json", f"/{lang}/news/feed/json/") in links
    head = client.get("/en/news/?topic=education").content.decode().split("</head>")[0]
    assert 'title="News: Education (Atom)" href="/en/news/feed/atom/?topic=education"' in head
    head = client.get("/zh-hans/news/?topic=education").content.decode().split("</head>")[0]
    chinese_name = Topic.objects.get(locale__language_code="zh-hans", slug="education").name
    assert f'title="新闻：{chinese_name} (Atom)" href="/zh-hans/news/feed/atom/?topic=education"' in head


def test_feeds_are_cached_and_purged_on_publish(client, seeded):
    first = client.get("/en/news/feed/json/")
    assert client.get("/en/news/feed/json/")["X-Page-Cache"] == "hit"
    release = NewsPage.objects.get(locale__language_code="en", slug="ciyec-kicec-memorandum")
    release.title = "A new title for the feed"
    release.save_revision().publish()
    again = client.get("/en/news/feed/json/")
    assert again["X-Page-Cache"] == "miss" and again.content != first.content
    assert "A new title for the feed" in again.content.decode()
