"""Cache entries for whole page responses, invalidated by version tokens rather than by deletion.

Each entry is stored under its URL and carries the two tokens that were current when its rendering
began: one for its path (every query-string variant of `/en/news/` shares it) and one for its language
prefix (for changes shown on every page of a language, such as the menu). A purge writes new tokens; an
entry whose tokens are no longer the current ones is a miss. A response that started rendering before a
purge carries the old tokens, so it is never served, which deleting keys could not promise. A lookup
reads the entry and both tokens in one `get_many`: one round trip to Redis per hit, or none when the
worker's own copy (near.py) holds the entry under the current tokens.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from urllib.parse import unquote, urlencode

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse

from . import near

PREFIX = "pagecache"


def cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _new_token() -> str:
    return uuid.uuid4().hex[:12]


def normalize_path(path: str) -> str:
    """Request paths arrive decoded, Wagtail URLs percent-encoded: compare them decoded."""
    return unquote(path)


def language_of(path: str) -> str:
    """The language prefix of a path (`en` for /en/news/), or '' outside the language prefixes (/sitemap.xml):
    the language token of every page outside them is one token."""
    prefix = path.strip("/").split("/", 1)[0]
    return prefix if any(prefix == code for code, _name in settings.LANGUAGES) else ""


def _path_key(path: str) -> str:
    digest = hashlib.md5(normalize_path(path).encode(), usedforsecurity=False).hexdigest()
    return f"{PREFIX}:path:{digest}"


def _language_key(language: str) -> str:
    return f"{PREFIX}:lang:{language}"


def _create_missing_tokens(keys: list[str], found: dict) -> dict:
    """Tokens for the keys `found` lacks (never set, or evicted): a fresh random value, never a default,
    which could make entries written under an older, purged token current again."""
    store = cache()
    missing = [key for key in keys if key not in found]
    for key in missing:
        store.add(key, _new_token(), timeout=None)
    return {**found, **store.get_many(missing)}


def bump(paths=(), languages=()) -> None:
    """New tokens for these paths and language prefixes: their entries are gone for readers."""
    tokens = {_path_key(path): _new_token() for path in paths}
    tokens.update({_language_key(language): _new_token() for language in languages})
    if tokens:
        store = cache()
        store.set_many(tokens, timeout=None)
        near.announce(store, list(tokens))


def bump_everything() -> None:
    """New tokens for every language prefix and for the pages outside them: every page misses once."""
    bump(languages=[code for code, _name in settings.LANGUAGES] + [""])


def entry_key(request) -> str:
    """One key per scheme, host, path and query (parameters sorted)."""
    query = urlencode(sorted((key, value) for key in request.GET for value in request.GET.getlist(key)))
    url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return f"{PREFIX}:entry:{hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()}"


def lookup(request) -> tuple[str, tuple[str, str], Entry | None]:
    """(entry key, current tokens, the stored entry if it was rendered under them): one `get_many`, or
    none when this worker's copy knows the tokens and holds the entry."""
    key = entry_key(request)
    token_keys = [_language_key(language_of(request.path)), _path_key(request.path)]
    store = cache()
    nearby = near.for_cache(store)
    if nearby is not None:
        tokens = nearby.tokens(token_keys)
        if tokens is not None:
            entry = nearby.entry(key)
            if entry is not None and entry.tokens == tokens:
                return key, tokens, entry
        epoch = nearby.epoch  # read before Redis is: a purge in between keeps the answer out of the copy
    found = store.get_many([key, *token_keys])
    if not all(token_key in found for token_key in token_keys):
        found = _create_missing_tokens(token_keys, found)
    tokens = (found[token_keys[0]], found[token_keys[1]])
    entry = found.get(key)
    if entry is not None and entry.tokens != tokens:
        entry = None
    if nearby is not None:
        nearby.remember_tokens(dict(zip(token_keys, tokens, strict=True)), epoch)
        if entry is not None:
            nearby.remember_entry(key, entry)
    return key, tokens, entry


@dataclass(frozen=True)
class Entry:
    """What a hit needs to rebuild the response: plain data, cheap to pickle into LocMem or Redis."""

    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes
    etag: str
    last_modified: int
    nonce: str = ""  # the CSP nonce the page was rendered with, renewed on every hit
    tokens: tuple[str, str] = ("", "")  # the language and path tokens current when rendering began

    @classmethod
    def from_response(
        cls, response: HttpResponse, last_modified: int, nonce: str = "", tokens: tuple[str, str] = ("", "")
    ) -> Entry:
        return cls(
            status=response.status_code,
            headers=tuple(response.headers.items()),
            content=response.content,
            etag=response["ETag"],
            last_modified=last_modified,
            nonce=nonce,
            tokens=tokens,
        )

    def to_response(self) -> HttpResponse:
        """The stored response; a CSP nonce in it is replaced by a fresh one, as a nonce must not repeat."""
        content, headers = self.content, self.headers
        if self.nonce:
            fresh = secrets.token_urlsafe(16)
            content = content.replace(self.nonce.encode(), fresh.encode())
            headers = tuple((name, value.replace(self.nonce, fresh)) for name, value in headers)
        response = HttpResponse(content, status=self.status)
        for name, value in headers:
            response[name] = value
        return response


def put(key: str, entry: Entry) -> None:
    store = cache()
    store.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
    if (nearby := near.for_cache(store)) is not None:
        nearby.remember_entry(key, entry)
