"""Template tags for the bilingual chrome: language switcher, hreflang alternates, alias notice, footer,
and the typographic helpers that keep Chinese headings from ending on a lone character."""

import re

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Page
from wagtail.rich_text import RichText, expand_db_html
from wagtail.templatetags.wagtailcore_tags import richtext

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


def language_options(context):
    """The switcher's entries: the same page in each language, keeping the query string (?topic=, ?q=)."""
    current = get_language()
    request = context["request"]
    query = request.META.get("QUERY_STRING", "")
    options = []
    for code, label, url in _alternates(context):
        if query and "?" not in url:
            url = f"{url}?{query}"
        options.append({"code": code, "label": label, "url": url, "current": code == current})
    return options


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    return {"current": get_language(), "options": language_options(context)}


@register.simple_tag(takes_context=True)
def other_languages(context):
    """The switcher's entries for the other languages only (the footer's language links)."""
    return [option for option in language_options(context) if not option["current"]]


@register.simple_tag(takes_context=True)
def footer_contacts(context):
    """Organizations of the active language that publish a telephone, e-mail or website."""
    from cms.footer import footer_contacts

    request = context.get("request")
    preset = getattr(request, "_footer_contacts", None)  # an error page that must not touch the database
    return preset if preset is not None else footer_contacts(get_language(), request)


@register.filter
def is_untranslated_alias(page):
    """True for a page in another language that still shows the English source (an alias)."""
    return bool(getattr(page, "alias_of_id", None)) and get_language() != settings.LANGUAGE_CODE


@register.simple_tag(takes_context=True)
def nav_pages(context):
    """The menu of the active language: pages directly under its home page marked 'show in menus'."""
    page = context.get("page")
    return chrome_pages(context["request"], page if isinstance(page, Page) else None).menu


@register.filter
def has_feed(page):
    """True for a section with feeds (the news index). `page.specific_class.has_feed` in a template
    would call the class, building a throwaway page, since templates call what they find callable."""
    return getattr(page.specific_class, "has_feed", False)


@register.filter
def rich_text_html(value):
    """A rich-text block's HTML, as `|richtext` gives it, without rendering Wagtail's one-line
    wagtailcore/shared/richtext.html (`{{ html|safe }}`) again for every paragraph of a page."""
    if isinstance(value, RichText):
        return mark_safe(expand_db_html(value.source))  # noqa: S308 - Wagtail's own rendering of stored rich text
    return richtext(value)


# The last two Chinese characters of a text, with any punctuation after each.
_CJK = "\u3400-\u9fff\uf900-\ufaff"
_CJK_PUNCTUATION = "\u3000-\u303f\uff00-\uffef"
_LAST_TWO_CJK = re.compile(rf"([{_CJK}][{_CJK_PUNCTUATION}]*[{_CJK}][{_CJK_PUNCTUATION}]*)$")


@register.filter
def keep_together(text):
    """Keep the last two characters of a Chinese title on one line.

    `text-wrap: balance` does this in current browsers; this is the fallback for the others, so a
    title never ends on a line holding a single character ("…在广州成 / 立"). Latin text is left as is.
    """
    text = conditional_escape(text or "")
    match = _LAST_TWO_CJK.search(text)
    if not match:
        return text
    return format_html('{}<span class="nobr">{}</span>', mark_safe(text[: match.start()]), mark_safe(match.group(1)))  # noqa: S308


@register.filter
def display_url(url):
    """A web address as people write it: no scheme, no trailing slash."""
    return re.sub(r"^https?://(www\.)?", "", url or "").rstrip("/")


@register.filter
def org_name(org):
    """An organization's name for a card or a label: its acronym in English, its full name in Chinese.

    The Chinese site keeps Latin acronyms (IECC) secondary: readers know the organizations by their
    Chinese names.
    """
    if get_language() == settings.LANGUAGE_CODE:
        return org.short_name or org.title
    return org.title


@register.filter
def org_acronym(org):
    """The acronym to show beside the name, when it says something the name doesn't."""
    short = org.short_name
    if not short or short == org.title or short in org.title:
        return ""
    return short
