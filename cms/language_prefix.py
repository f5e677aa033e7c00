"""Django's LocaleMiddleware, without its language-prefix guess for URLs that are not pages.

With `prefix_default_language`, Django answers a 404 outside /en/ and /zh-hans/ by trying the path under
the visitor's language and redirecting there when that path would resolve. Wagtail's page route
resolves any path ending in a slash, so a 404 of the API (`/api/v2/pages/<unpublished id>/`) became a
302 to `/en/api/v2/pages/<id>/`, an HTML "page not found": an API client or crawler must get the 404.

A 404 that a view outside the language prefix gave itself (the path resolved: API, share images, the
IndexNow key, documents) is kept as it is. A path that resolved to nothing (`/news/`) still redirects
to `/en/news/` or `/zh-hans/news/` as before.
"""

from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_response(self, request, response):
        if (
            response.status_code == 404
            and getattr(request, "resolver_match", None) is not None
            and not translation.get_language_from_path(request.path_info)
        ):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)
