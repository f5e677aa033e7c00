"""The read-only API at /api/v2/ (Wagtail API v2): pages, images and documents, for other sites and apps.

Wagtail's own endpoints, with: `?locale=zh-hans` and `?translation_of=<id>` (Wagtail's filters, on
since WAGTAIL_I18N_ENABLED); the fields of releases, profiles and programs (`api_fields` on the models,
with topics named in the page's language, related pages in the page's language and credits);
throttled per client address (`API_THROTTLE_RATE`); JSON only (no browsable HTML pages: the site's
CSP and no need); GET and HEAD only; `Cache-Control: public` for `API_CACHE_SECONDS`.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.cache import patch_cache_control
from rest_framework.renderers import JSONRenderer
from rest_framework.throttling import AnonRateThrottle
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet


class APIThrottle(AnonRateThrottle):
    """Requests per client address (signed-in editors too: the API is public and read-only)."""

    scope = "api"

    def get_rate(self):
        return settings.API_THROTTLE_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def get_ident(self, request):
        from cms.security.throttling import client_ip

        try:
            return client_ip(request)
        except Exception:
            return super().get_ident(request)


class ReadOnlyAPI:
    renderer_classes = [JSONRenderer]
    throttle_classes = [APIThrottle]
    http_method_names = ["get", "head", "options"]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=settings.API_CACHE_SECONDS)
        return response


class PagesAPI(ReadOnlyAPI, PagesAPIViewSet):
    pass


class ImagesAPI(ReadOnlyAPI, ImagesAPIViewSet):
    pass


class DocumentsAPI(ReadOnlyAPI, DocumentsAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPI)
api_router.register_endpoint("images", ImagesAPI)
api_router.register_endpoint("documents", DocumentsAPI)
