"""Template tags for the bilingual chrome: language switcher, hreflang alternates, alias notice."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Page

from cms.chrome import chrome_pages

register = template.Library()

LANGUAGE_LABELS = dict(settings.LANGUAGES)


def _alternates(context):
    """[(language_code, label, absolute_url)] for every language this page or view exists in."""
    request = context["request"]
    page = context.get("page")
    if isinstance(page, Page) and page.pk:
        cached = getattr(request, "_page_alternates", None)
        if cached is None:
            by_code = {p.locale.language_code: p for p in chrome_pages(request, page).translations}
            cached = [
                (code, LANGUAGE_LABELS[code], request.build_absolute_uri(by_code[code].get_url(request)))
                for code, _label in settings.LANGUAGES
                if code in by_code
            ]
            request._page_alternates = cached
        return cached
    # A view outside the page tree (search): the same path under the other prefix, same query string.
    query = request.META.get("QUERY_STRING", "")
    alternates = []
    for code, label in settings.LANGUAGES:
        url = translate_url(request.path, code)
        alternates.append((code, label, request.build_absolute_uri(url + (f"?{query}" if query else ""))))
    return alternates


@register.inclusion_tag("includes/hreflang.html", takes_context=True)
def hreflang_links(context):
    alternates = _alternates(context)
    default = next((url for code, _label, url in alternates if code == settings.LANGUAGE_CODE), None)
    return {"alternates": alternates, "x_default": default}


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    current = get_language()
    return {
        "current": current,
        "options": [
            {"code": code, "label": label, "url": url, "current": code == current}
            for code, label, url in _alternates(context)
        ],
    }


@register.filter
def is_untranslated_alias(page):
    """True for a page in another language that still shows the English source (an alias)."""
    return bool(getattr(page, "alias_of_id", None)) and get_language() != settings.LANGUAGE_CODE


@register.simple_tag(takes_context=True)
def nav_pages(context):
    """The menu of the active language: pages directly under its home page marked 'show in menus'."""
    page = context.get("page")
    return chrome_pages(context["request"], page if isinstance(page, Page) else None).menu
