"""Each worker's own copy of the page cache's tokens and entries, kept current by a Redis channel.

On Redis a hit costs one round trip for the entry and its two tokens (store.lookup): about 250 µs on the
loopback of the machines we benchmark on, more across a network, and as much as the rest of the hit. So
each worker process keeps the tokens it has read and the entries it has served, and a thread of its own
listens on a Redis channel on which every purge (store.bump) names the token keys it replaced. The thread
drops them; the next request for those pages reads the new tokens from Redis and misses.

What keeps the copy correct:
- It answers only while its subscription is confirmed. On (re)subscribing and when the connection drops
  it is emptied, so a purge announced while nobody listened cannot be missed.
- A token read from Redis is kept only if no purge and no reconnection came while it was read (the
  epoch); otherwise a purge announced in between would be overwritten by the older value.
- The process that purges drops its own tokens at once, before it announces the purge.
- A kept token is read again after TOKEN_SECONDS, a bound on a connection broken without a word and on
  a Redis emptied by hand (FLUSHDB, which announces nothing).
An entry is kept with the tokens it was rendered under and served only while they are the current ones,
and for no longer than PAGE_CACHE_SECONDS after it was stored, as in Redis.
Redis sends a message to its subscribers in the same step as its answer to the publisher, so a purge
reaches another worker as soon as that worker's listening thread runs: at once when the worker is
waiting for a request, within Python's thread switch interval (5 ms) when it is busy with one.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

CHANNEL = "pagecache:purges"  # under the cache's key prefix: sites sharing a Redis don't hear each other
TOKEN_SECONDS = 10.0
RECONNECT_SECONDS = 0.5  # first wait after a lost connection, doubled up to the next
MAX_RECONNECT_SECONDS = 30.0


class NearCache:
    def __init__(self, cache: RedisCache, max_bytes: int):
        self.cache = cache
        self.channel = channel_of(cache)
        self.max_bytes = max_bytes
        self.epoch = 0  # grows on every purge message and every (re)connection
        self.listening = False
        self._lock = threading.Lock()
        self._tokens: dict[str, tuple[str, float]] = {}  # key -> (token, when it was read)
        self._entries: OrderedDict[str, object] = OrderedDict()  # least recently used first
        self._bytes = 0
        self._pid = None
        self._thread: threading.Thread | None = None

    # --- what store.lookup and store.put ask -----------------------------------------------------

    def tokens(self, keys) -> tuple | None:
        """The current tokens of `keys` as this worker knows them, or None: ask Redis."""
        self._ensure_listener()
        now = time.monotonic()
        values = []
        with self._lock:
            if not self.listening:
                return None
            for key in keys:
                known = self._tokens.get(key)
                if known is None or now - known[1] > TOKEN_SECONDS:
                    return None
                values.append(known[0])
        return tuple(values)

    def remember_tokens(self, tokens: dict, epoch: int) -> None:
        """Keep tokens read from Redis, unless a purge or a reconnection came since `epoch` was read."""
        now = time.monotonic()
        with self._lock:
            if self.listening and epoch == self.epoch:
                for key, value in tokens.items():
                    self._tokens[key] = (value, now)

    def entry(self, key: str):
        """The kept entry, unless it is older than PAGE_CACHE_SECONDS (when Redis lets its copy expire)."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.last_modified + settings.PAGE_CACHE_SECONDS <= time.time():
                self._discard(key)
                return None
            self._entries.move_to_end(key)
            return entry

    def remember_entry(self, key: str, entry) -> None:
        size = len(entry.content)
        if size > self.max_bytes // 4:  # one huge page must not push out every other
            return
        with self._lock:
            if not self.listening:
                return
            self._discard(key)
            self._entries[key] = entry
            self._bytes += size
            while self._bytes > self.max_bytes:
                self._discard(next(iter(self._entries)))  # the least recently used

    def _discard(self, key: str) -> None:
        """Drop one entry and its bytes from the count (the caller holds the lock)."""
        old = self._entries.pop(key, None)
        if old is not None:
            self._bytes -= len(old.content)

    def forget(self, keys) -> None:
        with self._lock:
            self.epoch += 1
            for key in keys:
                self._tokens.pop(key, None)

    # --- the listening thread --------------------------------------------------------------------

    def _ensure_listener(self) -> None:
        pid = os.getpid()
        if self._pid == pid and self._thread is not None and self._thread.is_alive():
            return
        with self._lock:
            if self._pid == pid and self._thread is not None and self._thread.is_alive():
                return
            # A forked worker inherits the copy but not the thread that kept it current.
            self._empty(listening=False)
            self._pid = pid
            self._thread = threading.Thread(target=self._listen, name="page-cache-purges", daemon=True)
            self._thread.start()

    def _listen(self) -> None:
        wait, lost = RECONNECT_SECONDS, False
        while True:
            pubsub = None
            try:
                pubsub = self.cache._cache.get_client().pubsub()
                pubsub.subscribe(self.channel)
                for message in pubsub.listen():
                    if message["type"] == "subscribe":
                        wait = RECONNECT_SECONDS
                        if lost:
                            logger.warning("Page cache purge channel back")
                            lost = False
                    self._on_message(message)
            except Exception as error:
                if not lost:  # once per outage, not once per attempt
                    logger.warning("Page cache purge channel lost (%s); every hit reads Redis until it is back", error)
                    lost = True
            finally:
                with self._lock:
                    self._empty(listening=False)
                if pubsub is not None:
                    with contextlib.suppress(Exception):  # the connection is already gone
                        pubsub.close()
            time.sleep(wait)
            wait = min(wait * 2, MAX_RECONNECT_SECONDS)

    def _on_message(self, message) -> None:
        if message["type"] == "subscribe":
            with self._lock:
                self._empty(listening=True)
        elif message["type"] == "message":
            self.forget(message["data"].decode().split("\n"))

    def _empty(self, listening: bool) -> None:
        """Drop every token and entry (the caller holds the lock)."""
        self.epoch += 1
        self.listening = listening
        self._tokens.clear()
        self._entries.clear()
        self._bytes = 0


def channel_of(cache: RedisCache) -> str:
    return cache.make_key(CHANNEL)


_registry: dict[tuple, NearCache] = {}
_registry_lock = threading.Lock()


def for_cache(cache) -> NearCache | None:
    """This process's copy for the page cache's Redis, or None: another backend, or turned off.

    Django gives each thread its own cache object; threads of one process share one copy (and one
    listening thread) per Redis location and key prefix."""
    near = getattr(cache, "_page_cache_near", False)
    if near is not False:
        return near
    near = None
    if isinstance(cache, RedisCache) and settings.PAGE_CACHE_NEAR_BYTES > 0:
        key = (tuple(cache._servers), channel_of(cache), settings.PAGE_CACHE_NEAR_BYTES)
        with _registry_lock:
            near = _registry.get(key)
            if near is None:
                near = _registry[key] = NearCache(cache, settings.PAGE_CACHE_NEAR_BYTES)
    cache._page_cache_near = near
    return near


def announce(cache, keys: list[str]) -> None:
    """Tell every worker that these token keys have new values (this process's copy first)."""
    if not isinstance(cache, RedisCache):
        return
    near = for_cache(cache)
    if near is not None:
        near.forget(keys)
    cache._cache.get_client(write=True).publish(channel_of(cache), "\n".join(keys))
