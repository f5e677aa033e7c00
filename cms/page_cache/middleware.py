"""Serve anonymous GET/HEAD page requests from the page cache; store public page responses.

Sits near the top of the middleware stack so that a hit costs no session, auth, locale or database
work. What is never served from the cache or stored: any method but GET/HEAD; a request with a session
cookie (a logged-in editor, or a visitor who passed a page's password), a messages cookie or an
Authorization header; anything but a 200 from Wagtail's page view or a view marked `page_cache`
(so previews, the admin and search results are never stored); a response that sets a cookie (CSRF
token, new messages) or says private / no-cache / no-store (Wagtail's view restrictions do).
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.utils.cache import get_conditional_response, has_vary_header, patch_cache_control, set_response_etag
from django.utils.http import http_date

from . import store

logger = logging.getLogger(__name__)

UNCACHEABLE_DIRECTIVES = ("private", "no-cache", "no-store")
STATUS_HEADER = "X-Page-Cache"


def page_cache(view):
    """Mark a view outside the page tree (the sitemap) as one whose anonymous responses may be stored."""
    view.page_cache = True
    return view


def is_marked_view(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and getattr(match.func, "page_cache", False)


def is_page_view(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and (match.url_name == "wagtail_serve" or is_marked_view(request))


def is_anonymous_read(request) -> bool:
    """A request whose answer cannot depend on who asks: no cookie that carries a user or a message."""
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and CookieStorage.cookie_name not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
    )


def is_storable(request, response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(directive in cache_control for directive in UNCACHEABLE_DIRECTIVES)
        and not getattr(request, "is_preview", False)
        and is_page_view(request)
        # A page chosen by Accept-Language is not keyed by its URL alone; a marked view declares it is.
        and (is_marked_view(request) or not has_vary_header(response, "Accept-Language"))
    )


def mark_public(response, last_modified: int) -> None:
    """Headers a CDN and browsers revalidate with; the CDN keeps pages until a purge reaches it."""
    set_response_etag(response)
    response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_CACHE_BROWSER_SECONDS,
        s_maxage=settings.PAGE_CACHE_SHARED_SECONDS,
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_ENABLED:
            return self.get_response(request)
        if not is_anonymous_read(request):
            response = self.get_response(request)
            if is_page_view(request):
                # Made for this visitor (an editor's userbar, a passed password): no shared cache keeps it.
                patch_cache_control(response, private=True, no_cache=True)
                response[STATUS_HEADER] = "bypass"
            return response

        try:
            key, tokens, entry = store.lookup(request)
        except Exception:  # the cache being down must not take the site down
            logger.exception("Page cache unavailable; serving %s uncached", request.path)
            return self.get_response(request)

        if entry is not None:
            response = entry.to_response()
            response[STATUS_HEADER] = "hit"
            return get_conditional_response(request, entry.etag, entry.last_modified, response)

        response = self.get_response(request)
        if not is_storable(request, response):
            if is_page_view(request):
                response[STATUS_HEADER] = "skip"
            return response
        now = int(time.time())
        mark_public(response, now)
        try:
            # django-csp keeps the nonce it rendered with on the request (only when a template used one).
            nonce = str(getattr(request, "_csp_nonce", "") or "")
            store.put(key, store.Entry.from_response(response, now, nonce, tokens))
        except Exception:
            logger.exception("Page cache unavailable; %s not stored", request.path)
        response[STATUS_HEADER] = "miss"
        return get_conditional_response(request, response["ETag"], now, response)
