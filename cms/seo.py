"""What a page tells search engines, social networks and feed readers about itself, without a query.

Head metadata (description, canonical URL, Open Graph, Twitter card, content-language for Baidu) and
structured data (JSON-LD: NewsArticle, Organization, WebSite, WebPage, BreadcrumbList) are built from
what the page view has already loaded: the page, the chrome's translations of it (`cms.chrome`), the
routing's ancestors (`request._page_ancestors`) and the template context (a release's topics). The
share image is a URL only (`cms.share_images`): it is drawn on its first request, never in a page view.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.templatetags.static import static
from django.utils.html import _json_script_escapes, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext
from wagtail.models import Page

from cms.chrome import chrome_pages

DESCRIPTION_LENGTH = 200  # characters; search engines show about 150 Latin or 80 Chinese ones

# BCP 47 tags (hreflang, inLanguage, feeds), Open Graph locales and Baidu's content-language per language.
BCP47 = {"en": "en", "zh-hans": "zh-Hans"}
OG_LOCALES = {"en": "en_US", "zh-hans": "zh_CN"}
CONTENT_LANGUAGES = {"en": "en", "zh-hans": "zh-CN"}


def bcp47(language_code: str) -> str:
    return BCP47.get(language_code, language_code)


def og_locale(language_code: str) -> str:
    return OG_LOCALES.get(language_code, language_code.replace("-", "_"))


def content_language(language_code: str) -> str:
    return CONTENT_LANGUAGES.get(language_code, language_code)


def is_page(page) -> bool:
    return isinstance(page, Page) and bool(page.pk)


def description_of(page) -> str:
    """The search description an editor wrote, else the page's summary or introduction, one line, capped."""
    text = page.search_description or getattr(page, "summary", "") or getattr(page, "intro", "") or ""
    if not text.strip():
        # The footer's line about the site (already translated).
        text = gettext("Chinese–foreign cultural, educational and youth exchange, in English and Chinese.")
    return Truncator(" ".join(text.split())).chars(DESCRIPTION_LENGTH)


def translations_of(request, page) -> dict[str, Page]:
    """{language code: live page} for every language the page is live in (the chrome's query)."""
    return {language_of(p): p for p in chrome_pages(request, page).translations}


def absolute_url(request, page) -> str:
    return request.build_absolute_uri(page.get_url(request))


def canonical_url(request, page) -> str:
    """The page's own URL, keeping only the query parameters that select other content (?page=, ?topic=)."""
    url = absolute_url(request, page)
    kept = [
        (name, request.GET[name]) for name in getattr(page, "canonical_query_parameters", ()) if request.GET.get(name)
    ]
    if kept:
        from urllib.parse import urlencode

        url += "?" + urlencode(kept)
    return url


def language_of(page) -> str:
    """The page's language: from its locale when loaded with it, else the active one (a page view's)."""
    if "locale" in page._state.fields_cache:
        return page.locale.language_code
    return get_language()


def is_alias_showing_source(page) -> bool:
    """A page in another language that still shows its English source (an untranslated alias)."""
    return bool(page.alias_of_id) and language_of(page) != settings.LANGUAGE_CODE


def content_language_of(page) -> str:
    """The language the page's content is written in: an alias shows the source language."""
    return settings.LANGUAGE_CODE if is_alias_showing_source(page) else language_of(page)


def ancestors_of(request, page) -> list[Page]:
    """Home page … the page, from the routing's chain (no query); the page alone when not routed."""
    chain = getattr(request, "_page_ancestors", None)
    if not chain:
        return [page]
    pages = sorted(
        (p for p in chain.values() if page.path.startswith(p.path) and p.pk != page.pk), key=lambda p: p.depth
    )
    return [*pages, page]


# --- JSON-LD -------------------------------------------------------------------------------------


def json_ld(data) -> str:
    """A <script type="application/ld+json"> element; <, > and & escaped so no text can close it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str).translate(_json_script_escapes)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


def publisher(request) -> dict:
    return {
        "@type": "Organization",
        "@id": request.build_absolute_uri("/#publisher"),
        "name": str(settings.WAGTAIL_SITE_NAME),
        "url": request.build_absolute_uri("/"),
        "logo": {"@type": "ImageObject", "url": request.build_absolute_uri(static("img/mark.svg"))},
    }


def breadcrumbs(request, page) -> dict:
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": crumb.title, "item": absolute_url(request, crumb)}
            for n, crumb in enumerate(ancestors_of(request, page), start=1)
        ],
    }


def _translation_links(request, page, translations, kind) -> dict:
    """workTranslation (from the source) / translationOfWork (from a translation): real translations only."""
    if is_alias_showing_source(page):
        return {}
    if language_of(page) == settings.LANGUAGE_CODE:
        others = [p for code, p in translations.items() if code != language_of(page) and not is_alias_showing_source(p)]
        if not others:
            return {}
        return {
            "workTranslation": [
                {"@type": kind, "@id": absolute_url(request, p) + "#main", "inLanguage": bcp47(language_of(p))}
                for p in others
            ]
        }
    source = translations.get(settings.LANGUAGE_CODE)
    if source is None:
        return {}
    return {
        "translationOfWork": {
            "@type": kind,
            "@id": absolute_url(request, source) + "#main",
            "inLanguage": bcp47(settings.LANGUAGE_CODE),
        }
    }


def news_article(request, page, context, share_image) -> dict:
    translations = translations_of(request, page)
    url = absolute_url(request, page)
    published = page.date.isoformat()
    modified = (page.updated or page.date).isoformat()
    if page.last_published_at and page.last_published_at.date().isoformat() > modified:
        modified = page.last_published_at.isoformat()
    authors = []
    if page.reporter:
        authors.append({"@type": "Person", "name": page.reporter})
    if page.photographer and page.photographer != page.reporter:
        authors.append({"@type": "Person", "name": page.photographer})
    if not authors:
        authors.append({"@type": "Organization", "name": page.source_publication or str(settings.WAGTAIL_SITE_NAME)})
    data = {
        "@type": "NewsArticle",
        "@id": url + "#main",
        "url": url,
        "mainEntityOfPage": url,
        "headline": Truncator(page.title).chars(110),
        "description": description_of(page),
        "inLanguage": bcp47(content_language_of(page)),
        "datePublished": published,
        "dateModified": modified,
        "image": [share_image] if share_image else [],
        "author": authors,
        "creditText": "; ".join(f"{label}: {value}" for label, value in page.credits),
        "publisher": publisher(request),
        "isAccessibleForFree": True,
    }
    topics = context.get("page_topics") or []
    if topics:
        data["keywords"] = [topic.name for topic in topics]
    if page.source_publication:
        data["sourceOrganization"] = {"@type": "Organization", "name": page.source_publication}
    data.update(_translation_links(request, page, translations, "NewsArticle"))
    return data


def organization(request, page, share_image) -> dict:
    translations = translations_of(request, page)
    url = absolute_url(request, page)
    alternate = [page.short_name] if page.short_name and page.short_name != page.title else []
    alternate += [p.title for code, p in translations.items() if code != language_of(page) and p.title != page.title]
    data = {
        "@type": "Organization",
        "@id": url + "#main",
        "url": url,
        "name": page.title,
        "description": description_of(page),
    }
    if alternate:
        data["alternateName"] = list(dict.fromkeys(alternate))
    if share_image:
        data["image"] = share_image
    if page.address or page.postal_code:
        address = {"@type": "PostalAddress"}
        if page.address:
            address["streetAddress"] = " ".join(page.address.split())
        if page.postal_code:
            address["postalCode"] = page.postal_code
        data["address"] = address
    phones = [phone.uri.removeprefix("tel:") for phone in page.phone_numbers]
    if phones:
        data["telephone"] = phones[0] if len(phones) == 1 else phones
    faxes = [phone.uri.removeprefix("tel:") for phone in page.fax_numbers]
    if faxes:
        data["faxNumber"] = faxes[0]
    if page.email:
        data["email"] = page.email
    if page.website:
        data["sameAs"] = [page.website]
    if page.founded:
        data["foundingDate"] = page.founded.strftime("%Y-%m")
    if page.parent_body:
        data["parentOrganization"] = {"@type": "Organization", "name": page.parent_body}
    return data


def web_page(request, page, share_image) -> dict:
    url = absolute_url(request, page)
    data = {
        "@type": "WebPage",
        "@id": url + "#webpage",
        "url": url,
        "name": page.title,
        "inLanguage": bcp47(content_language_of(page)),
        "isPartOf": {"@id": request.build_absolute_uri("/#website")},
    }
    description = description_of(page)
    if description:
        data["description"] = description
    if share_image:
        data["primaryImageOfPage"] = {"@type": "ImageObject", "url": share_image}
    return data


def web_site(request, page) -> dict:
    from django.urls import reverse

    return {
        "@type": "WebSite",
        "@id": request.build_absolute_uri("/#website"),
        "url": absolute_url(request, page),
        "name": str(settings.WAGTAIL_SITE_NAME),
        "inLanguage": bcp47(language_of(page)),
        "publisher": {"@id": request.build_absolute_uri("/#publisher")},
        "potentialAction": {
            "@type": "SearchAction",
            "target": request.build_absolute_uri(reverse("search")) + "?q={search_term_string}",
            "query-input": "required name=search_term_string",
        },
    }


def structured_data(request, page, context, share_image) -> dict:
    """The page's JSON-LD graph: what the page is, and where it sits (breadcrumbs)."""
    from home.models import HomePage
    from news.models import NewsPage
    from orgs.models import OrganizationPage

    graph = []
    if isinstance(page, NewsPage):
        graph.append(news_article(request, page, context, share_image))
    elif isinstance(page, OrganizationPage):
        graph.append(organization(request, page, share_image))
    elif isinstance(page, HomePage):
        graph.append(web_site(request, page))
        graph.append(publisher(request))
    if not isinstance(page, HomePage):
        graph.append(web_page(request, page, share_image))
    graph.append(breadcrumbs(request, page))
    return {"@context": "https://schema.org", "@graph": graph}
