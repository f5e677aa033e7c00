"""Publishing tells search engines: both languages' URLs reach IndexNow and Baidu (a local HTTP server
stands in for them), after commit, in the background; an engine that is down never breaks a publish."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from cms import push
from cms.translation_queue.gate import open_door
from news.models import NewsPage


class Recorder(BaseHTTPRequestHandler):
    status = 200

    def do_POST(self):  # noqa: N802 - http.server's naming
        length = int(self.headers.get("Content-Length", 0))
        self.server.received.append(
            {
                "path": urlsplit(self.path).path,
                "query": parse_qs(urlsplit(self.path).query),
                "type": self.headers.get("Content-Type"),
                "body": self.rfile.read(length).decode(),
            }
        )
        self.send_response(self.server.status)
        self.end_headers()
        self.wfile.write(b'{"success": 2}')

    def log_message(self, *args):
        pass


@pytest.fixture
def endpoints(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.received = []
    server.status = 200
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    settings.INDEXNOW_KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    settings.INDEXNOW_ENDPOINT = f"{base}/indexnow"
    settings.BAIDU_PUSH_TOKEN = "baidu-token"
    settings.BAIDU_PUSH_SITE = "http://localhost"
    settings.BAIDU_PUSH_ENDPOINT = base
    settings.PUSH_TIMEOUT_SECONDS = 5
    yield server
    server.shutdown()
    server.server_close()


def release(lang="en", slug="ciyec-kicec-memorandum"):
    return NewsPage.objects.get(locale__language_code=lang, slug=slug)


def publish(page, capture, door=False):
    with capture(execute=True):
        if door:
            with open_door():
                page.save_revision().publish()
        else:
            page.save_revision().publish()
    push.flush()


def expected_urls(slug="ciyec-kicec-memorandum"):
    return {release(lang, slug).get_full_url() for lang in ("en", "zh-hans")}


def test_publishing_english_sends_both_languages_once(seeded, endpoints, django_capture_on_commit_callbacks):
    page = release()
    publish(page, django_capture_on_commit_callbacks)
    indexnow = [r for r in endpoints.received if r["path"] == "/indexnow"]
    assert len(indexnow) == 1  # coalesced: the English publish and anything it published along
    body = json.loads(indexnow[0]["body"])
    assert set(body["urlList"]) == expected_urls()
    assert body["key"] == "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    assert body["keyLocation"].endswith("/0f1e2d3c4b5a69788796a5b4c3d2e1f0.txt")
    assert body["host"] == "localhost"
    baidu = [r for r in endpoints.received if r["path"] == "/urls"]
    assert len(baidu) == 1
    assert baidu[0]["query"] == {"site": ["http://localhost"], "token": ["baidu-token"]}
    assert baidu[0]["type"] == "text/plain"
    assert set(baidu[0]["body"].splitlines()) == expected_urls()


def test_a_chinese_approval_sends_both_languages(seeded, endpoints, django_capture_on_commit_callbacks):
    publish(release("zh-hans"), django_capture_on_commit_callbacks, door=True)
    body = json.loads(next(r for r in endpoints.received if r["path"] == "/indexnow")["body"])
    assert set(body["urlList"]) == expected_urls()


def test_unpublishing_tells_baidu_to_drop_the_removed_url(seeded, endpoints, django_capture_on_commit_callbacks):
    chinese = release("zh-hans")
    with django_capture_on_commit_callbacks(execute=True), open_door():
        chinese.unpublish()
    push.flush()
    removed = [r for r in endpoints.received if r["path"] == "/del"]
    assert [r["body"].splitlines() for r in removed] == [[chinese.get_full_url()]]
    kept = [r for r in endpoints.received if r["path"] == "/urls"]
    assert [r["body"].splitlines() for r in kept] == [[release("en").get_full_url()]]
    body = json.loads(next(r for r in endpoints.received if r["path"] == "/indexnow")["body"])
    assert set(body["urlList"]) == expected_urls()  # IndexNow takes removals too: engines see the 404


def test_nothing_is_sent_before_commit_or_after_a_rollback(seeded, endpoints, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        release().save_revision().publish()
    push.flush()
    assert callbacks and endpoints.received == []


def test_nothing_is_sent_without_keys(seeded, endpoints, settings, django_capture_on_commit_callbacks):
    settings.INDEXNOW_KEY = ""
    settings.BAIDU_PUSH_TOKEN = ""
    publish(release(), django_capture_on_commit_callbacks)
    assert endpoints.received == []


def test_only_the_configured_engine_is_called(seeded, endpoints, settings, django_capture_on_commit_callbacks):
    settings.BAIDU_PUSH_TOKEN = ""
    publish(release(), django_capture_on_commit_callbacks)
    assert {r["path"] for r in endpoints.received} == {"/indexnow"}


def test_an_engine_that_fails_never_breaks_a_publish(
    seeded, endpoints, settings, caplog, django_capture_on_commit_callbacks
):
    endpoints.status = 500
    page = release()
    page.title = "Published while IndexNow is down"
    publish(page, django_capture_on_commit_callbacks)
    page.refresh_from_db()
    assert page.live and page.title == "Published while IndexNow is down"
    assert any("HTTP 500" in record.getMessage() for record in caplog.records)
    assert all("baidu-token" not in record.getMessage() for record in caplog.records)  # no token in logs

    settings.INDEXNOW_ENDPOINT = "http://127.0.0.1:9/indexnow"  # nothing listens there
    settings.BAIDU_PUSH_ENDPOINT = "http://127.0.0.1:9"
    caplog.clear()
    publish(page, django_capture_on_commit_callbacks)
    assert any("could not reach" in record.getMessage() for record in caplog.records)


def test_publish_does_not_wait_for_the_engine(seeded, endpoints, settings, django_capture_on_commit_callbacks):
    import time

    class Slow(Recorder):
        def do_POST(self):  # noqa: N802
            time.sleep(1.5)
            super().do_POST()

    endpoints.RequestHandlerClass = Slow
    started = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True):
        release().save_revision().publish()
    assert time.perf_counter() - started < 1.5
    push.flush()
    assert endpoints.received
