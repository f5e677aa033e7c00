"""Tell search engines at once when a page is published or unpublished, in both languages.

On Wagtail's `page_published` / `page_unpublished` (any path: the admin, scheduled go-live and expiry,
the translation queue's approval, the seed), the page's URLs in every language go to

- IndexNow (Bing, Yandex, Seznam, Naver …; `INDEXNOW_KEY`, proven by `/<key>.txt`), live and removed
  URLs alike: engines fetch them and see the page or its 404;
- Baidu's URL submission (`BAIDU_PUSH_TOKEN`, `BAIDU_PUSH_SITE`): live URLs to `urls`, removed ones to
  `del`;

each only when its key is set. Nothing is sent inside the publish: URLs are collected when the signal
fires and handed over after the transaction commits (`on_commit(robust=True)`; a rollback sends
nothing); all the signals of one transaction make one batch (an English publish that also publishes
its Chinese alias is one request). A background thread sends them, coalescing everything committed
meanwhile, so a publish never waits for a search engine and never fails because of one. Every request
and failure is logged.
"""

from __future__ import annotations

import json
import logging
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_pending: dict[str, bool] = {}  # url -> live
_worker: threading.Thread | None = None


def is_enabled() -> bool:
    return bool(settings.INDEXNOW_KEY or (settings.BAIDU_PUSH_TOKEN and settings.BAIDU_PUSH_SITE))


def urls_of(page) -> dict[str, bool]:
    """{absolute URL: live} of the page in every language (the page itself included)."""
    urls = {}
    for translation in Page.objects.filter(translation_key=page.translation_key).select_related("locale"):
        url = translation.get_full_url()
        if url:
            urls[url] = translation.live
    return urls


class _Batch:
    """The URLs one transaction changed, enqueued once when it commits.

    A publish often fires several signals in one transaction (an English publish also publishes its
    Chinese alias, and each names the URLs of both): they all add to the one batch awaiting the commit,
    so the engines get one request, not one per signal. A rollback drops the batch with Django's other
    on-commit callbacks.
    """

    def __init__(self):
        self.urls: dict[str, bool] = {}
        self.handed_over = False

    def __call__(self):
        self.handed_over = True
        enqueue(self.urls)


def _pending_batch(using=None) -> _Batch | None:
    connection = transaction.get_connection(using)
    for _savepoints, callback, _robust in connection.run_on_commit:
        # (A test's captured callbacks run without a commit and stay listed: skip those already run.)
        if isinstance(callback, _Batch) and not callback.handed_over:
            return callback
    return None


def page_changed(sender, instance, **kwargs):
    if not is_enabled():
        return
    try:
        urls = urls_of(instance)
    except Exception:  # never break a publish
        logger.exception("Search engine push: could not list the URLs of page %s", instance.pk)
        return
    if not urls:
        return
    batch = _pending_batch()
    if batch is not None:
        batch.urls.update(urls)  # later signals of the same transaction: the latest state of each URL
        return
    batch = _Batch()
    batch.urls.update(urls)
    transaction.on_commit(batch, robust=True)  # outside a transaction this runs at once


def page_published_changed(sender, instance, **kwargs):
    # Wagtail also sends page_published when it only schedules a future go-live: push at go-live.
    if instance.live:
        page_changed(sender, instance, **kwargs)


def connect():
    page_published.connect(page_published_changed, dispatch_uid="push-page-published")
    page_unpublished.connect(page_changed, dispatch_uid="push-page-unpublished")


def enqueue(urls: dict[str, bool]) -> None:
    """Add URLs for the sender thread; start it if it is not running."""
    global _worker
    with _lock:
        _pending.update(urls)
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_drain, name="search-engine-push", daemon=True)
            _worker.start()


def _drain() -> None:
    global _worker
    while True:
        with _lock:
            batch = dict(_pending)
            _pending.clear()
            if not batch:
                _worker = None
                return
        send(batch)


def flush(timeout: float = 10) -> None:
    """Wait until everything queued has been sent (tests, management commands)."""
    worker = _worker
    if worker is not None:
        worker.join(timeout)


def send(urls: dict[str, bool]) -> None:
    """Submit `urls` ({url: live}) to every configured engine; failures are logged, never raised."""
    by_host = defaultdict(list)
    for url in sorted(urls):
        by_host[urllib.parse.urlsplit(url).netloc].append(url)
    if settings.INDEXNOW_KEY:
        for host, host_urls in by_host.items():
            first = urllib.parse.urlsplit(host_urls[0])
            body = {
                "host": first.hostname,  # the bare host name: no port, no IPv6 brackets
                "key": settings.INDEXNOW_KEY,
                "keyLocation": f"{first.scheme}://{host}/{settings.INDEXNOW_KEY}.txt",
                "urlList": host_urls,
            }
            _post(
                "IndexNow",
                settings.INDEXNOW_ENDPOINT,
                json.dumps(body).encode(),
                "application/json; charset=utf-8",
                len(host_urls),
            )
    if settings.BAIDU_PUSH_TOKEN and settings.BAIDU_PUSH_SITE:
        query = urllib.parse.urlencode({"site": settings.BAIDU_PUSH_SITE, "token": settings.BAIDU_PUSH_TOKEN})
        site_host = urllib.parse.urlsplit(settings.BAIDU_PUSH_SITE).netloc or settings.BAIDU_PUSH_SITE
        ours = [url for url in sorted(urls) if urllib.parse.urlsplit(url).netloc == site_host] or sorted(urls)
        for action, live in (("urls", True), ("del", False)):
            chosen = [url for url in ours if urls[url] is live]
            if chosen:
                endpoint = f"{settings.BAIDU_PUSH_ENDPOINT.rstrip('/')}/{action}?{query}"
                _post(f"Baidu {action}", endpoint, "\n".join(chosen).encode(), "text/plain", len(chosen))


def _post(name: str, endpoint: str, body: bytes, content_type: str, count: int) -> None:
    request = urllib.request.Request(endpoint, data=body, method="POST", headers={"Content-Type": content_type})
    where = urllib.parse.urlsplit(endpoint)._replace(query="").geturl()  # the token stays out of the log
    try:
        with urllib.request.urlopen(request, timeout=settings.PUSH_TIMEOUT_SECONDS) as response:  # noqa: S310
            logger.info("%s: %s URL(s) sent to %s: HTTP %s", name, count, where, response.status)
    except urllib.error.HTTPError as error:
        logger.warning("%s: %s URL(s) refused by %s: HTTP %s %s", name, count, where, error.code, error.reason)
    except Exception as error:
        logger.warning("%s: could not reach %s: %s", name, where, error)
