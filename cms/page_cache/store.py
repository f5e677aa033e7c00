"""Cache entries for whole page responses, invalidated by version tokens rather than by deletion.

An entry's key hashes its URL together with two tokens: one for its path (every query-string variant of
`/en/news/` shares it) and one for its language prefix (for changes shown on every page of a language,
such as the menu). A purge writes new tokens, so older entries can no longer be reached and expire. A
response that started rendering before a purge read the old tokens, so it is stored where nobody looks:
no stale page can be written after a purge, which deleting keys could not promise.
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

PREFIX = "pagecache"


def cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _new_token() -> str:
    return uuid.uuid4().hex[:12]


def normalize_path(path: str) -> str:
    """Request paths arrive decoded, Wagtail URLs percent-encoded: compare them decoded."""
    return unquote(path)


def language_of(path: str) -> str:
    """The language prefix of a path (`en` for /en/news/), or '' outside the language prefixes."""
    return path.strip("/").split("/", 1)[0]


def _path_key(path: str) -> str:
    digest = hashlib.md5(normalize_path(path).encode(), usedforsecurity=False).hexdigest()
    return f"{PREFIX}:path:{digest}"


def _language_key(language: str) -> str:
    return f"{PREFIX}:lang:{language}"


def current_tokens(path: str) -> tuple[str, str]:
    """The language and path tokens for `path`, creating any that are missing.

    A missing token (never set, or evicted) gets a fresh random value, never a default: a default
    could make entries written under an older, purged token reachable again.
    """
    keys = [_language_key(language_of(path)), _path_key(path)]
    store = cache()
    found = store.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            store.add(key, _new_token(), timeout=None)
        found.update(store.get_many(missing))
    return found[keys[0]], found[keys[1]]


def bump(paths=(), languages=()) -> None:
    """New tokens for these paths and language prefixes: their entries are gone for readers."""
    tokens = {_path_key(path): _new_token() for path in paths}
    tokens.update({_language_key(language): _new_token() for language in languages})
    if tokens:
        cache().set_many(tokens, timeout=None)


def entry_key(request, tokens: tuple[str, str]) -> str:
    """One key per scheme, host, path and query (parameters sorted) under the current tokens."""
    query = urlencode(sorted((key, value) for key in request.GET for value in request.GET.getlist(key)))
    url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.md5(f"{tokens[0]}:{tokens[1]}:{url}".encode(), usedforsecurity=False).hexdigest()
    return f"{PREFIX}:entry:{digest}"


@dataclass(frozen=True)
class Entry:
    """What a hit needs to rebuild the response: plain data, cheap to pickle into LocMem or Redis."""

    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes
    etag: str
    last_modified: int
    nonce: str = ""  # the CSP nonce the page was rendered with, renewed on every hit

    @classmethod
    def from_response(cls, response: HttpResponse, last_modified: int, nonce: str = "") -> Entry:
        return cls(
            status=response.status_code,
            headers=tuple(response.headers.items()),
            content=response.content,
            etag=response["ETag"],
            last_modified=last_modified,
            nonce=nonce,
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


def get(key: str) -> Entry | None:
    return cache().get(key)


def put(key: str, entry: Entry) -> None:
    cache().set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
