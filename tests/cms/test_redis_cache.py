"""The production cache backend: Django's Redis cache, with one redis-py client per server for the process."""

import threading

from cms.redis_cache import RedisCache

LOCATION = "redis://127.0.0.1:6379/8"


def test_values_round_trip_and_every_call_uses_the_same_client():
    cache = RedisCache(LOCATION, {"KEY_PREFIX": "test-redis-cache"})
    cache.clear()
    try:
        cache.set("entry", {"page": "新闻"}, 60)
        assert cache.add("token", "abc", None) and not cache.add("token", "xyz", None)
        assert cache.get_many(["entry", "token", "missing"]) == {"entry": {"page": "新闻"}, "token": "abc"}
        clients = {id(cache._cache.get_client()) for _ in range(5)} | {id(cache._cache.get_client(write=True))}
        assert len(clients) == 1
    finally:
        cache.clear()


def test_threads_share_the_client_without_mixing_answers():
    """Each command borrows its own connection from the pool, so threads sharing the client get their own values."""
    cache = RedisCache(LOCATION, {"KEY_PREFIX": "test-redis-cache"})
    cache.clear()
    wrong = []

    def worker(n):
        for i in range(50):
            cache.set(f"k{n}", f"{n}-{i}", 60)
            if cache.get(f"k{n}") != f"{n}-{i}":
                wrong.append((n, i))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert wrong == []
    finally:
        cache.clear()
