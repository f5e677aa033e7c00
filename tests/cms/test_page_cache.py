"""The page cache: anonymous hits cost no query; every change a visitor could see reaches them at once."""

import datetime
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from cms.translation_queue.gate import open_door
from news.models import NewsIndexPage, NewsPage, Topic
from orgs.models import OrganizationPage, ProgramPage

RELEASE = "/{lang}/news/ciyec-kicec-memorandum/"
GUANGZHOU = "guangzhou-education-innovation-zone"


def get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    response.queries = len(queries)
    return response


def warm(client, *urls):
    """Fetch each URL twice: the second answer must come from the cache."""
    for url in urls:
        get(client, url)
        response = get(client, url)
        assert response["X-Page-Cache"] == "hit", url


def html(client, url):
    response = get(client, url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def editor(seeded):
    return get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")


# --- What is cached and how ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/en/",
        "/zh-hans/",
        "/en/organizations/",
        "/zh-hans/organizations/uniccc/",
        "/en/organizations/ciyec/china-korea-youth-exchange/",
        "/zh-hans/news/",
        "/en/news/?topic=education",
        RELEASE.format(lang="zh-hans"),
        "/en/news/feed/",
        "/sitemap.xml",
    ],
)
def test_a_repeated_anonymous_request_is_a_hit_without_queries(client, seeded, url):
    first = get(client, url)
    second = get(client, url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.queries == 0
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_pages_in_each_language_and_query_are_cached_apart(client, seeded):
    english, chinese = html(client, "/en/news/"), html(client, "/zh-hans/news/")
    assert html(client, "/en/news/") == english
    assert html(client, "/zh-hans/news/") == chinese != english
    filtered = html(client, "/en/news/?topic=education&page=1")
    assert html(client, "/en/news/?page=1&topic=education") == filtered  # same query, other order: a hit
    assert filtered != english


def test_cached_page_carries_validators_for_browsers_and_cdns(client, seeded):
    url = RELEASE.format(lang="en")
    first = get(client, url)
    assert "public" in first["Cache-Control"] and "s-maxage=" in first["Cache-Control"]
    assert first["ETag"] and first["Last-Modified"]
    hit = get(client, url)
    assert (hit["ETag"], hit["Last-Modified"]) == (first["ETag"], first["Last-Modified"])
    assert hit["Content-Language"] == "en"

    revalidated = get(client, url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert revalidated.status_code == 304 and revalidated.content == b""
    assert revalidated.queries == 0
    assert get(client, url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert get(client, url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_head_is_answered_from_the_cache(client, seeded):
    get(client, "/en/news/")
    response = client.head("/en/news/")
    assert response.status_code == 200 and response["X-Page-Cache"] == "hit"


# --- What is never cached ------------------------------------------------------------------------


def test_logged_in_editor_never_gets_a_cached_page(client, seeded, editor):
    url = RELEASE.format(lang="en")
    warm(client, url)
    client.force_login(editor)
    response = get(client, url)
    assert response["X-Page-Cache"] == "bypass" and response.queries > 0
    assert "private" in response["Cache-Control"]
    assert "wagtail-userbar" in response.content.decode()  # the editor's own page, with the userbar
    client.logout()
    anonymous = get(client, url)
    assert anonymous["X-Page-Cache"] == "hit"
    assert "wagtail-userbar" not in anonymous.content.decode()


def test_page_seen_by_an_editor_first_is_not_stored_for_visitors(client, seeded, editor):
    client.force_login(editor)
    get(client, "/en/organizations/")
    client.logout()
    assert get(client, "/en/organizations/")["X-Page-Cache"] == "miss"


def test_drafts_and_previews_never_reach_visitors(client, seeded, editor):
    url = RELEASE.format(lang="en")
    warm(client, url)
    page = NewsPage.objects.get(locale=seeded["en"], slug="ciyec-kicec-memorandum")
    page.title = "Draft title nobody has approved"
    page.save_revision(user=editor)
    client.force_login(editor)
    preview = client.get(f"/admin/pages/{page.pk}/view_draft/")
    assert "Draft title nobody has approved" in preview.content.decode()
    client.logout()
    assert "Draft title nobody has approved" not in html(client, url)
    assert "Draft title nobody has approved" not in html(client, "/en/news/")


def test_post_is_never_answered_from_the_cache(client, seeded):
    warm(client, "/en/news/")
    response = client.post("/en/news/", {})
    assert response.get("X-Page-Cache") != "hit"


def test_search_results_are_never_cached(client, seeded):
    for _ in range(2):
        response = get(client, "/en/search/?q=exchange")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response and response.queries > 0
        assert "public" not in response.get("Cache-Control", "")


def test_private_page_is_never_cached_and_going_private_purges_it(client, seeded):
    url = "/en/organizations/uniccc/"
    warm(client, url)
    page = Page.objects.get(locale=seeded["en"], slug="uniccc")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret")
    for _ in range(2):
        response = get(client, url)
        assert response["X-Page-Cache"] == "skip"
        assert "password" in response.content.decode().lower()
        assert "private" in response["Cache-Control"]


def test_responses_with_messages_are_neither_served_from_nor_stored_in_the_cache(client, seeded):
    warm(client, "/en/news/")
    client.cookies["messages"] = "anything"
    assert get(client, "/en/news/")["X-Page-Cache"] != "hit"


def test_a_failing_cache_still_serves_pages(client, seeded):
    caches_with_broken_pages = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1"},
    }
    with override_settings(CACHES=caches_with_broken_pages, PAGE_CACHE_ALIAS="pages"):
        response = get(client, "/en/news/")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


# --- Purges --------------------------------------------------------------------------------------


def add_release(index, slug, title, **fields):
    page = NewsPage(
        title=title,
        slug=slug,
        date=datetime.date(2031, 1, 1),
        summary="Summary.",
        body=[("paragraph", "<p>Text.</p>")],
        **fields,
    )
    index.add_child(instance=page)
    return page


def test_publishing_a_release_updates_list_home_feed_and_sitemap(client, seeded):
    urls = ["/en/", "/en/news/", "/en/news/feed/", "/sitemap.xml", "/en/news/?page=1"]
    warm(client, *urls)
    index = NewsIndexPage.objects.get(locale=seeded["en"])
    add_release(index, "new-release", "A brand new release").save_revision().publish()
    for url in urls:
        assert "new-release" in html(client, url), url


def test_publishing_a_chinese_translation_updates_the_english_switcher_and_the_chinese_list(client, seeded):
    chinese = NewsPage.objects.get(locale=seeded["zh"], slug=GUANGZHOU)
    with open_door():  # what a reviewer's approval (and the English unpublishing) do; see test_review_door
        chinese.unpublish()
    english_url, chinese_list = f"/en/news/{GUANGZHOU}/", "/zh-hans/news/"
    warm(client, english_url, chinese_list)
    assert f'hreflang="zh-hans" href="http://testserver/zh-hans/news/{GUANGZHOU}/"' not in html(client, english_url)
    assert chinese.title not in html(client, chinese_list)

    with open_door():
        chinese.get_latest_revision().publish()

    assert f'hreflang="zh-hans" href="http://testserver/zh-hans/news/{GUANGZHOU}/"' in html(client, english_url)
    assert chinese.title in html(client, chinese_list)


def test_unpublishing_removes_the_page_and_its_listings(client, seeded):
    url = RELEASE.format(lang="en")
    warm(client, url, "/en/news/", "/en/")
    NewsPage.objects.get(locale=seeded["en"], slug="ciyec-kicec-memorandum").unpublish()
    assert client.get(url).status_code == 404
    assert "ciyec-kicec-memorandum" not in html(client, "/en/news/")
    assert "ciyec-kicec-memorandum" not in html(client, "/en/")


def test_deleting_removes_the_page_and_its_listings_in_both_languages(client, seeded):
    urls = [RELEASE.format(lang="en"), RELEASE.format(lang="zh-hans"), "/zh-hans/news/", "/sitemap.xml"]
    warm(client, *urls)
    NewsPage.objects.get(locale=seeded["zh"], slug="ciyec-kicec-memorandum").delete()
    assert client.get(RELEASE.format(lang="zh-hans")).status_code == 404
    assert "ciyec-kicec-memorandum" not in html(client, "/zh-hans/news/")
    sitemap = html(client, "/sitemap.xml")
    assert "/zh-hans/news/ciyec-kicec-memorandum/" not in sitemap
    # The English page loses its switcher link to the deleted Chinese page.
    assert 'hreflang="zh-hans"' not in html(client, RELEASE.format(lang="en")).split("</head>")[0]


def test_a_release_change_reaches_the_program_pages_that_list_it(client, seeded):
    program_url = "/en/organizations/ciyec/china-korea-youth-exchange/"
    warm(client, program_url)
    release = NewsPage.objects.get(locale=seeded["en"], slug="ciyec-kicec-memorandum")
    assert release.title in html(client, program_url)
    release.title = "Renamed memorandum release"
    release.save_revision().publish()
    assert "Renamed memorandum release" in html(client, program_url)

    # Dropping the relation takes the release off the program page, which it no longer references.
    release.related_pages.clear()
    release.save_revision().publish()
    assert "Renamed memorandum release" not in html(client, program_url)


def test_renaming_an_organization_reaches_releases_programs_and_home(client, seeded):
    program = "/en/organizations/ciyec/china-korea-youth-exchange/"
    urls = [RELEASE.format(lang="en"), program, "/en/", "/en/organizations/"]
    warm(client, *urls)
    organization = OrganizationPage.objects.get(locale=seeded["en"], slug="ciyec")
    organization.title = "Renamed Youth Exchange Center"
    organization.save_revision().publish()
    for url in urls:
        assert "Renamed Youth Exchange Center" in html(client, url), url


def test_an_organizations_new_phone_reaches_every_footer_in_its_language(client, seeded):
    urls = ["/en/news/", "/en/organizations/iecc/", RELEASE.format(lang="en")]
    warm(client, *urls)
    organization = OrganizationPage.objects.get(locale=seeded["en"], slug="uniccc")
    organization.phones = "010-12345678"
    organization.save_revision().publish()
    for url in urls:
        assert 'href="tel:+861012345678"' in html(client, url).split('class="site-footer"')[1], url


def test_renaming_a_section_reaches_every_menu_in_its_language(client, seeded):
    urls = ["/en/", "/en/organizations/uniccc/", RELEASE.format(lang="en"), "/en/news/?topic=education"]
    warm(client, *urls)
    index = NewsIndexPage.objects.get(locale=seeded["en"])
    index.title = "Newsroom"
    index.save_revision().publish()
    for url in urls:
        assert ">Newsroom</a>" in html(client, url), url


def test_moving_a_program_purges_old_and_new_places(client, seeded):
    old_url = "/en/organizations/ciyec/china-korea-youth-exchange/"
    urls = [old_url, "/en/organizations/ciyec/", "/en/organizations/kicec/"]
    warm(client, *urls)
    program = ProgramPage.objects.get(locale=seeded["en"], slug="china-korea-youth-exchange")
    program.move(OrganizationPage.objects.get(locale=seeded["en"], slug="kicec"), pos="last-child")
    moved = client.get(old_url)  # Wagtail's redirect to the new place, not the cached page
    assert (moved.status_code, moved["Location"]) == (301, "/en/organizations/kicec/china-korea-youth-exchange/")
    assert "china-korea-youth-exchange" not in html(client, "/en/organizations/ciyec/")
    assert "/en/organizations/kicec/china-korea-youth-exchange/" in html(client, "/en/organizations/kicec/")


def test_changing_a_slug_purges_the_old_url(client, seeded, django_capture_on_commit_callbacks):
    old_url = RELEASE.format(lang="en")
    warm(client, old_url)
    release = NewsPage.objects.get(locale=seeded["en"], slug="ciyec-kicec-memorandum")
    release.slug = "memorandum"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail announces slug changes after commit
        release.save_revision().publish()
    moved = client.get(old_url)
    assert (moved.status_code, moved["Location"]) == (301, "/en/news/memorandum/")
    assert client.get("/en/news/memorandum/").status_code == 200


def test_scheduled_release_appears_at_go_live(client, seeded):
    index = NewsIndexPage.objects.get(locale=seeded["en"])
    release = add_release(index, "embargoed", "Embargoed release", live=False)
    release.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    release.save_revision().publish()  # scheduled, not live
    warm(client, "/en/news/", "/en/")
    assert "embargoed" not in html(client, "/en/news/")

    # Go-live time comes (moved into the past rather than waited for); Wagtail's scheduler publishes.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision = release.revisions.get(approved_go_live_at__isnull=False)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    call_command("publish_scheduled", verbosity=0)

    assert client.get("/en/news/embargoed/").status_code == 200
    assert "embargoed" in html(client, "/en/news/")
    assert "embargoed" in html(client, "/en/")


def test_renaming_a_topic_reaches_lists_releases_and_feeds(client, seeded):
    urls = ["/zh-hans/news/", RELEASE.format(lang="zh-hans"), "/zh-hans/news/feed/", "/zh-hans/"]
    warm(client, *urls)
    topic = Topic.objects.get(locale=seeded["zh"], slug="youth-exchange")
    topic.name = "青年交往"
    with open_door():  # a reviewer's approval of the renamed topic
        topic.save()
    for url in urls:
        assert "青年交往" in html(client, url), url


# --- Frontend cache (CDN) purges -----------------------------------------------------------------


class PurgeRecorder(BaseHTTPRequestHandler):
    received: list

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.received.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_server():
    """A stand-in for Varnish: records the PURGE requests Wagtail's HTTP backend sends."""
    received = []
    handler = type("Recorder", (PurgeRecorder,), {"received": received})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", received
    server.shutdown()
    server.server_close()


def test_cdn_purge_names_the_changed_locale_and_its_hreflang_siblings_after_commit(
    seeded, purge_server, django_capture_on_commit_callbacks
):
    location, received = purge_server
    backend = {"varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": location}}
    release = NewsPage.objects.get(locale=seeded["en"], slug="ciyec-kicec-memorandum")
    with override_settings(WAGTAILFRONTENDCACHE=backend):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            release.save_revision().publish()
        assert received == []  # nothing leaves before the publish is committed
        for callback in callbacks:
            callback()
    paths = {path for _host, path in received}
    assert {host for host, _path in received} == {"localhost"}
    for expected in (
        "/en/news/ciyec-kicec-memorandum/",
        "/zh-hans/news/ciyec-kicec-memorandum/",
        "/en/news/",
        "/zh-hans/news/",
        "/en/news/feed/",
        "/zh-hans/news/feed/",
        "/en/news/?topic=youth-exchange",
        "/en/",
        "/zh-hans/",
        "/sitemap.xml",
        "/en/organizations/ciyec/china-korea-youth-exchange/",
    ):
        assert expected in paths, expected
    # Unrelated pages stay in the CDN.
    assert "/en/organizations/uniccc/" not in paths
    assert f"/en/news/{GUANGZHOU}/" not in paths


def test_the_release_purge_command_empties_the_cache_for_every_page(client, seeded):
    """After a release the templates (and the static files they name) may have changed: none is served old."""
    from io import StringIO

    urls = ["/en/news/", "/zh-hans/", RELEASE.format(lang="en"), "/sitemap.xml"]
    warm(client, *urls)
    out = StringIO()
    call_command("purge_page_cache", stdout=out)
    assert "every page is rendered again" in out.getvalue()
    assert [get(client, url)["X-Page-Cache"] for url in urls] == ["miss"] * len(urls)
    assert [get(client, url)["X-Page-Cache"] for url in urls] == ["hit"] * len(urls)


def test_the_release_purge_command_purges_every_page_from_the_cdn(seeded, purge_server):
    from io import StringIO

    location, received = purge_server
    backend = {"varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": location}}
    out = StringIO()
    with override_settings(WAGTAILFRONTENDCACHE=backend):
        call_command("purge_page_cache", stdout=out)
    paths = {path for _host, path in received}
    every_page = {page.url for page in Page.objects.live().filter(depth__gt=1).specific()}
    assert every_page <= paths
    assert {"/sitemap.xml", "/en/news/feed/", "/zh-hans/news/feed/"} <= paths
    assert f"purge requested for {len(received)} URLs" in out.getvalue()


def test_the_release_purge_command_fails_loudly_when_the_cache_is_unreachable():
    from django.core.management.base import CommandError

    unreachable = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1"}
    }
    with override_settings(CACHES=unreachable), pytest.raises(CommandError, match="could not be emptied"):
        call_command("purge_page_cache")


# --- Redis, as in production -------------------------------------------------------------------


def test_page_cache_on_redis(client, seeded):
    redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/7",
            "KEY_PREFIX": "test-page-cache",
        }
    }
    with override_settings(CACHES=redis):
        caches["default"].clear()
        try:
            warm(client, "/en/news/")
            assert get(client, "/en/news/").queries == 0
            index = NewsIndexPage.objects.get(locale=seeded["en"])
            add_release(index, "on-redis", "Published on Redis").save_revision().publish()
            assert "on-redis" in html(client, "/en/news/")
        finally:
            caches["default"].clear()


def test_a_csp_nonce_is_never_served_twice():
    """A page rendered with a CSP nonce gets a fresh one, in the header and the page, on every hit."""
    from django.http import HttpResponse

    from cms.page_cache.store import Entry

    rendered = HttpResponse('<script nonce="abc123">go()</script>')
    rendered["Content-Security-Policy"] = "script-src 'self' 'nonce-abc123'"
    rendered["ETag"] = '"x"'
    entry = Entry.from_response(rendered, 0, nonce="abc123")
    first, second = entry.to_response(), entry.to_response()
    for response in (first, second):
        nonce = response["Content-Security-Policy"].split("nonce-")[1].rstrip("'")
        assert nonce != "abc123"
        assert f'nonce="{nonce}"'.encode() in response.content
    assert first["Content-Security-Policy"] != second["Content-Security-Policy"]


class CountingCache:
    """The page cache's store, recording each call (each is one round trip on Redis)."""

    def __init__(self, real):
        self.real, self.calls = real, []

    def __getattr__(self, name):
        method = getattr(self.real, name)

        def call(*args, **kwargs):
            self.calls.append(name)
            return method(*args, **kwargs)

        return call


def page_view_middleware(render):
    """The page cache in front of a view that Wagtail's page view stands for."""
    from types import SimpleNamespace

    from cms.page_cache.middleware import PageCacheMiddleware

    def view(request):
        request.resolver_match = SimpleNamespace(url_name="wagtail_serve", func=view)
        return render(request)

    return PageCacheMiddleware(view)


@override_settings(PAGE_CACHE_ENABLED=True)
def test_a_hit_reads_the_cache_once(monkeypatch):
    from django.http import HttpResponse
    from django.test import RequestFactory

    from cms.page_cache import store

    counting = CountingCache(store.cache())
    monkeypatch.setattr(store, "cache", lambda: counting)
    counting.real.clear()
    middleware = page_view_middleware(lambda request: HttpResponse("the page"))
    assert middleware(RequestFactory().get("/en/news/"))["X-Page-Cache"] == "miss"
    counting.calls.clear()
    response = middleware(RequestFactory().get("/en/news/"))
    assert response["X-Page-Cache"] == "hit" and response.content == b"the page"
    assert counting.calls == ["get_many"]


@override_settings(PAGE_CACHE_ENABLED=True)
def test_a_page_rendered_across_a_purge_is_never_served():
    """An editor publishes while a visitor's request renders the old page: that render is stored, but
    no later visitor gets it; the next request renders the new page, and that one is served from then on."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from cms.page_cache import store

    store.cache().clear()
    renders = []

    def render(request):
        version = len(renders)
        renders.append(version)
        if version == 0:
            store.bump(paths=[request.path])  # the publish lands while this response is being rendered
        return HttpResponse(f"version {version}")

    middleware = page_view_middleware(render)
    first = middleware(RequestFactory().get("/en/news/"))
    second = middleware(RequestFactory().get("/en/news/"))
    third = middleware(RequestFactory().get("/en/news/"))
    assert (first.content, second.content, third.content) == (b"version 0", b"version 1", b"version 1")
    assert (second["X-Page-Cache"], third["X-Page-Cache"]) == ("miss", "hit")
