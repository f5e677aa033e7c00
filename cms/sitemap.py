"""/sitemap.xml listing every live page in both languages, each with its hreflang alternates.

Wagtail's own sitemap lists the default site's pages in one language only.
"""

from collections import defaultdict

from django.conf import settings
from django.template.response import TemplateResponse
from wagtail.models import Page

from cms.page_cache.middleware import page_cache


@page_cache
def sitemap(request):
    pages = (
        Page.objects.live()
        .public()
        .filter(depth__gt=1)
        .select_related("locale")
        .only("id", "url_path", "translation_key", "last_published_at", "locale__language_code", "path", "depth")
        .order_by("path")
    )
    by_key = defaultdict(list)
    entries = []
    for page in pages:
        relative = page.get_url(request)
        if not relative:
            continue
        url = request.build_absolute_uri(relative)
        entry = {"location": url, "lastmod": page.last_published_at, "lang": page.locale.language_code}
        by_key[page.translation_key].append(entry)
        entries.append((page.translation_key, entry))
    urlset = []
    for key, entry in entries:
        siblings = by_key[key]
        alternates = [{"lang_code": s["lang"], "location": s["location"]} for s in siblings]
        default = next((s for s in siblings if s["lang"] == settings.LANGUAGE_CODE), None)
        if len(siblings) > 1 and default:
            alternates.append({"lang_code": "x-default", "location": default["location"]})
        urlset.append({**entry, "alternates": alternates if len(siblings) > 1 else []})
    return TemplateResponse(request, "sitemap.xml", {"urlset": urlset}, content_type="application/xml; charset=utf-8")
