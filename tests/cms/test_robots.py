"""What crawlers find outside the pages: robots.txt naming the sitemap, lastmod from the last publish,
search results kept out of the index, a favicon, the IndexNow key file."""

import re
import xml.etree.ElementTree as ET

from django.utils import timezone

from news.models import NewsPage

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, db, django_assert_num_queries):
    # `db` only lets the query counter connect: robots.txt itself must not touch the database.
    with django_assert_num_queries(0):
        response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "public" in response["Cache-Control"]
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    # Search results say noindex themselves; a crawler must be allowed to fetch them to read it.
    assert not any(line.startswith("Disallow: /en/search") for line in lines)
    assert client.get("/robots.txt", HTTP_HOST="localhost").content.decode().count("http://localhost/sitemap.xml") == 1


def test_sitemap_lastmod_is_the_last_publish(client, seeded):
    release = NewsPage.objects.get(locale__language_code="en", slug="ciyec-kicec-memorandum")
    release.summary = "Changed now."
    release.save_revision().publish()
    release.refresh_from_db()
    root = ET.fromstring(client.get("/sitemap.xml").content)
    lastmods = {
        url.find("s:loc", SITEMAP_NS).text: url.find("s:lastmod", SITEMAP_NS).text
        for url in root.findall("s:url", SITEMAP_NS)
    }
    assert (
        lastmods["http://testserver/en/news/ciyec-kicec-memorandum/"]
        == timezone.localdate(release.last_published_at).isoformat()
    )
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", value) for value in lastmods.values())
    assert "http://testserver/zh-hans/news/ciyec-kicec-memorandum/" in lastmods


def test_search_results_are_noindex(client, seeded):
    html = client.get("/zh-hans/search/?q=%E5%B9%BF%E5%B7%9E").content.decode()
    head = html.split("</head>")[0]
    assert '<meta name="robots" content="noindex">' in head
    assert '<link rel="canonical"' not in head
    page_head = client.get("/en/news/").content.decode().split("</head>")[0]
    assert "noindex" not in page_head


def test_favicon_ico_leads_to_the_mark(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("/img/mark.svg")


def test_indexnow_key_file_only_for_the_configured_key(client, db, settings):
    # A wrong key is a 404, and a 404 goes through the redirects middleware, which reads the database.
    settings.INDEXNOW_KEY = "a1b2c3d4e5f6a7b8"
    response = client.get("/a1b2c3d4e5f6a7b8.txt")
    assert response.status_code == 200 and response.content == b"a1b2c3d4e5f6a7b8"
    assert client.get("/0000000000000000.txt").status_code == 404
    settings.INDEXNOW_KEY = ""
    assert client.get("/a1b2c3d4e5f6a7b8.txt").status_code == 404
