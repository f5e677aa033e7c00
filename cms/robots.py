"""/robots.txt, /favicon.ico and the IndexNow key file: small answers without the database."""

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.http import require_safe

ROBOTS_SECONDS = 86400


@require_safe
def robots_txt(request):
    """Everything may be crawled but the admin and the API; the sitemap lists every page in both languages.

    Search result pages are not disallowed here: they say `noindex` themselves, which crawlers can only
    read on a page they may fetch.
    """
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={ROBOTS_SECONDS}"
    return response


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them to the mark."""
    response = HttpResponsePermanentRedirect(static("img/mark.svg"))
    response["Cache-Control"] = f"public, max-age={ROBOTS_SECONDS}"
    return response


@require_safe
def indexnow_key(request, key):
    """https://<host>/<key>.txt proves to IndexNow that the site owns the key it submits with."""
    if not settings.INDEXNOW_KEY or key != settings.INDEXNOW_KEY:
        raise Http404
    return HttpResponse(settings.INDEXNOW_KEY, content_type="text/plain; charset=utf-8")
