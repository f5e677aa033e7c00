from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import robots, routing
from cms.api import api_router
from cms.share_images import share_image
from cms.sitemap import sitemap
from search import views as search_views

# Admin, documents and the sitemap sit outside the language prefix; pages and search inside it,
# so every public URL starts with /en/ or /zh-hans/ and "/" redirects by Accept-Language.
# Wagtail's admin is the only login surface: Django's own admin is not routed.
urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("api/v2/", api_router.urls),
    path("robots.txt", robots.robots_txt, name="robots_txt"),
    path("favicon.ico", robots.favicon),
    re_path(r"^share/(?P<page_id>\d+)-(?P<key>[0-9a-f]{16})\.(?P<ext>png|jpg)$", share_image, name="share_image"),
    re_path(r"^(?P<key>[A-Za-z0-9-]{8,128})\.txt$", robots.indexnow_key, name="indexnow_key"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    # Wagtail's page view, routed in three queries (cms/routing.py); same pattern and name as Wagtail's.
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

# Error pages in the visitor's language with the site's header and footer (cms/errors.py).
handler400 = "cms.errors.bad_request"
handler403 = "cms.errors.permission_denied"
handler404 = "cms.errors.page_not_found"
handler500 = "cms.errors.server_error"
