"""A worker's own copy of the page cache on Redis (cms/page_cache/near.py), against the local Redis.

A hit answered from the copy costs no round trip; a purge, from this process or another, is never
answered from it; a lost connection empties it.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
import redis
from django.core.cache import caches
from django.http import HttpResponse
from django.test import RequestFactory

from cms.page_cache import near, store
from cms.page_cache.middleware import PageCacheMiddleware

LOCATION = "redis://127.0.0.1:6379/6"
ROOT = Path(__file__).resolve().parents[2]


def wait_until(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


@pytest.fixture
def redis_pages(settings):
    """The page cache on Redis under a key prefix of its own, with this process's copy listening."""
    prefix = f"test-near-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {"default": {"BACKEND": "cms.redis_cache.RedisCache", "LOCATION": LOCATION, "KEY_PREFIX": prefix}}
    settings.PAGE_CACHE_ENABLED = True
    cache = caches["default"]
    copy = near.for_cache(cache)
    copy.tokens([])  # starts its listening thread
    assert wait_until(lambda: copy.listening), "the purge channel was not subscribed"
    yield SimpleNamespace(cache=cache, copy=copy, prefix=prefix)
    for key in redis.Redis.from_url(LOCATION).scan_iter(f"{prefix}:*"):
        redis.Redis.from_url(LOCATION).delete(key)


@pytest.fixture
def site():
    """The page cache in front of a page view that says how many times it rendered."""
    renders = [0]

    def view(request):
        request.resolver_match = SimpleNamespace(url_name="wagtail_serve", func=view)
        renders[0] += 1
        return HttpResponse(f"render {renders[0]}")

    middleware = PageCacheMiddleware(view)
    return lambda path="/en/news/": middleware(RequestFactory().get(path))


@pytest.fixture
def redis_calls(redis_pages, monkeypatch):
    """How many commands this thread sends to Redis (each borrows the client)."""
    client, calls = redis_pages.cache._cache, []
    real = client.get_client
    monkeypatch.setattr(client, "get_client", lambda *args, **kwargs: calls.append(1) or real(*args, **kwargs))
    return calls


def test_a_repeated_hit_sends_nothing_to_redis(redis_pages, site, redis_calls):
    assert site()["X-Page-Cache"] == "miss"
    assert site()["X-Page-Cache"] == "hit"
    redis_calls.clear()
    for _ in range(3):
        response = site()
        assert response["X-Page-Cache"] == "hit" and response.content == b"render 1"
    assert redis_calls == []


def test_a_purge_in_this_process_is_seen_by_the_next_request(redis_pages, site):
    site(), site()
    store.bump(paths=["/en/news/"])
    response = site()
    assert response["X-Page-Cache"] == "miss" and response.content == b"render 2"
    # Other pages of the language keep their entries; a language-wide purge reaches them too.
    site("/en/organizations/"), site("/en/organizations/")
    assert site("/en/organizations/")["X-Page-Cache"] == "hit"
    store.bump(languages=["en"])
    assert site("/en/organizations/")["X-Page-Cache"] == "miss"


PURGE_FROM_ANOTHER_WORKER = """
import os, sys
import django
os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
django.setup()
from django.test.utils import override_settings
with override_settings(CACHES={"default": {"BACKEND": "cms.redis_cache.RedisCache",
                                           "LOCATION": sys.argv[1], "KEY_PREFIX": sys.argv[2]}}):
    from cms.page_cache import store
    store.bump(paths=["/en/news/"])
"""


def test_a_purge_in_another_worker_reaches_this_one(redis_pages, site, redis_calls):
    site(), site()
    redis_calls.clear()
    assert site().content == b"render 1" and redis_calls == []  # answered from the copy
    subprocess.run(
        [sys.executable, "-c", PURGE_FROM_ANOTHER_WORKER, LOCATION, redis_pages.prefix],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
        timeout=60,
    )
    # Redis told this process's listening thread when it answered the other worker.
    assert wait_until(lambda: redis_pages.copy.tokens([store._path_key("/en/news/")]) is None, seconds=1)
    assert site().content == b"render 2"


def test_tokens_read_while_a_purge_arrives_are_not_kept(redis_pages):
    key = store._path_key("/en/news/")
    copy = redis_pages.copy
    epoch = copy.epoch  # a request starts reading the token from Redis…
    copy.forget([key])  # …the purge's message comes in…
    copy.remember_tokens({key: "the old token"}, epoch)  # …and the old answer arrives
    assert copy.tokens([key]) is None
    copy.remember_tokens({key: "the new token"}, copy.epoch)
    assert copy.tokens([key]) == ("the new token",)


def test_a_lost_connection_empties_the_copy_until_it_listens_again(redis_pages, site, redis_calls):
    site(), site()
    copy, epoch = redis_pages.copy, redis_pages.copy.epoch
    assert copy.tokens([store._path_key("/en/news/")]) is not None
    # Purges announced while the connection is down would be lost: the copy must not outlive it.
    redis.Redis.from_url(LOCATION).client_kill_filter(_type="pubsub", skipme=True)
    assert wait_until(lambda: copy.epoch > epoch + 1 and copy.listening), "did not subscribe again"
    assert copy.tokens([store._path_key("/en/news/")]) is None
    redis_calls.clear()
    response = site()
    assert response["X-Page-Cache"] == "hit" and response.content == b"render 1" and redis_calls  # from Redis


def test_entries_past_the_memory_budget_drop_the_least_recently_used(redis_pages):
    copy = near.NearCache(redis_pages.cache, max_bytes=200)
    copy.listening = True  # as if subscribed; this copy has no thread of its own

    def entry(size):
        return store.Entry(status=200, headers=(), content=b"x" * size, etag='"e"', last_modified=int(time.time()))

    for key in "abcd":
        copy.remember_entry(key, entry(50))
    assert copy.entry("a") is not None  # "a" is now the most recently used
    copy.remember_entry("e", entry(50))
    assert [key for key in "abcde" if copy.entry(key) is not None] == ["a", "c", "d", "e"]
    copy.remember_entry("huge", entry(60))  # over a quarter of the budget: never kept
    assert copy.entry("huge") is None


def test_an_entry_is_not_served_from_the_copy_after_the_cache_lifetime(redis_pages, site, settings):
    """PAGE_CACHE_SECONDS bounds a page's life in Redis; the copy keeps to the same bound."""
    settings.PAGE_CACHE_SECONDS = 2
    site(), site()
    assert site()["X-Page-Cache"] == "hit"
    assert wait_until(lambda: site().content == b"render 2", seconds=6)


def test_other_cache_backends_and_a_zero_budget_have_no_copy(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert near.for_cache(caches["default"]) is None
    settings.CACHES = {"default": {"BACKEND": "cms.redis_cache.RedisCache", "LOCATION": LOCATION}}
    settings.PAGE_CACHE_NEAR_BYTES = 0
    assert near.for_cache(caches["default"]) is None
