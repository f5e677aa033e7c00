"""The read-only API at /api/v2/ as another site or app uses it: pages by language and by translation, our
fields (topics in the page's language, related pages, credits), images and documents, read-only,
throttled, nothing unpublished."""

import re

import pytest

from cms.translation_queue.gate import open_door
from news.models import NewsPage
from orgs.models import OrganizationPage, ProgramPage


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:300])
    return response.json()


def test_pages_by_locale(client, seeded):
    english = get(client, "/api/v2/pages/?locale=en&limit=100")
    chinese = get(client, "/api/v2/pages/?locale=zh-hans&limit=100")
    assert english["meta"]["total_count"] == chinese["meta"]["total_count"] > 10
    assert {item["meta"]["locale"] for item in english["items"]} == {"en"}
    assert {item["meta"]["locale"] for item in chinese["items"]} == {"zh-hans"}
    assert get(client, "/api/v2/pages/?locale=xx", status=404)


def test_translation_of_finds_the_other_language(client, seeded):
    release = NewsPage.objects.get(locale__language_code="en", slug="guangzhou-education-innovation-zone")
    chinese = NewsPage.objects.get(locale__language_code="zh-hans", slug="guangzhou-education-innovation-zone")
    found = get(client, f"/api/v2/pages/?translation_of={release.pk}&locale=zh-hans")
    assert [item["id"] for item in found["items"]] == [chinese.pk]
    assert found["items"][0]["title"] == chinese.title


def test_release_fields(client, seeded):
    chinese = NewsPage.objects.get(locale__language_code="zh-hans", slug="guangzhou-education-innovation-zone")
    data = get(client, f"/api/v2/pages/{chinese.pk}/")
    assert data["meta"]["type"] == "news.NewsPage"
    assert data["meta"]["locale"] == "zh-hans"
    assert data["date"] == chinese.date.isoformat()
    assert data["summary"] == chinese.summary
    assert data["body"] and data["body"][0]["type"]
    # Topics named in the page's language, by their shared slug.
    assert data["topics"] and all(re.search(r"[\u4e00-\u9fff]", topic["name"]) for topic in data["topics"])
    assert {"slug", "name"} <= set(data["topics"][0])
    # Credits labelled in Chinese, with the release's own Chinese credits.
    assert data["credits"] and all(credit["role"] and credit["name"] for credit in data["credits"])
    assert any(re.search(r"[\u4e00-\u9fff]", credit["role"]) for credit in data["credits"])
    # Related organizations and programs, in Chinese where they are live in Chinese.
    assert data["related_pages"]
    assert all("/zh-hans/" in page["url"] for page in data["related_pages"])
    assert data["lead_image"]["id"] == chinese.lead_image_id
    assert data["lead_image_jpeg"]["url"].endswith(".jpg") and data["lead_image_jpeg"]["width"] == 1200


def test_organization_and_program_fields(client, seeded):
    org = OrganizationPage.objects.get(locale__language_code="en", slug="iecc")
    data = get(client, f"/api/v2/pages/{org.pk}/")
    assert data["short_name"] == "IECC" and data["address"] and data["phones"]
    assert data["countries"] == org.countries
    program = ProgramPage.objects.filter(locale__language_code="zh-hans").first()
    data = get(client, f"/api/v2/pages/{program.pk}/")
    assert data["organization"]["url"].startswith("http") and "/zh-hans/organizations/" in data["organization"]["url"]
    assert isinstance(data["partners"], list)


def test_listing_with_custom_fields(client, seeded):
    data = get(client, "/api/v2/pages/?type=news.NewsPage&locale=en&fields=date,topics,credits&order=-date")
    dates = [item["date"] for item in data["items"]]
    assert dates == sorted(dates, reverse=True) and len(dates) >= 2
    assert all(item["topics"] for item in data["items"])


def test_images_and_documents(client, seeded):
    images = get(client, "/api/v2/images/")
    assert images["meta"]["total_count"] > 0
    assert get(client, f"/api/v2/images/{images['items'][0]['id']}/")["width"] > 0
    assert "items" in get(client, "/api/v2/documents/")


def test_read_only(client, seeded):
    assert client.post("/api/v2/pages/", {}).status_code in (403, 405)
    assert client.delete("/api/v2/pages/1/").status_code in (403, 405)


def test_drafts_and_unpublished_pages_stay_out(client, seeded):
    chinese = NewsPage.objects.get(locale__language_code="zh-hans", slug="ciyec-kicec-memorandum")
    chinese.title = "审核中的草稿标题"
    chinese.save_revision()  # a translator's draft: not live
    assert get(client, f"/api/v2/pages/{chinese.pk}/")["title"] != "审核中的草稿标题"
    with open_door():
        chinese.unpublish()
    get(client, f"/api/v2/pages/{chinese.pk}/", status=404)


def test_a_missing_page_is_a_json_404_not_a_redirect_to_a_language(client, seeded):
    # Django's LocaleMiddleware would send any 404 outside /en/ to /en/…, an HTML page for an API client.
    response = client.get("/api/v2/pages/999999/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    # A page path without its language still finds the page in the visitor's language.
    response = client.get("/news/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.status_code == 302 and response["Location"] == "/zh-hans/news/"


def test_responses_are_cacheable_json(client, seeded):
    response = client.get("/api/v2/pages/?locale=en")
    assert response["Content-Type"] == "application/json"
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    assert client.get("/api/v2/pages/?locale=en", HTTP_ACCEPT="text/html").status_code in (200, 406)


@pytest.mark.parametrize("rate", ["3/minute"])
def test_throttled_per_client(client, seeded, settings, rate):
    settings.API_THROTTLE_RATE = rate
    statuses = [client.get("/api/v2/pages/?locale=en").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    other = client.get("/api/v2/pages/?locale=en", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
