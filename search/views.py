"""Site search at /en/search/?q= and /zh-hans/search/?q=: results from the active language only.

Also on the page (docs/search.md): pages editors promoted for the query (Wagtail's search promotions,
for the active language), a pointer to the other language's results when this one has few, and the
query log for the "Searches with no results" report, written after the response.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, override
from wagtail.models import Locale, Page

from search import querylog
from search.names import glossary_names
from search.segmentation import CJK_RUN
from search.snippets import highlighter, mark, snippet

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200
# Fewer results than this in the active language: say how many the other language has.
OTHER_LANGUAGE_THRESHOLD = 3


def clean_query(raw: str) -> str:
    """What we search for and echo back: no NUL or control characters, whitespace collapsed, capped."""
    cleaned = "".join(ch if ch.isprintable() else " " for ch in raw)
    return " ".join(cleaned.split())[:MAX_QUERY_LENGTH]


def searchable_pages(locale):
    return Page.objects.live().public().filter(locale=locale)


def promoted_pages(query: str, locale) -> list:
    """Live pages editors promoted for this query (wagtail.contrib.search_promotions), in this language.

    A promotion names a page, and a page has one language: promote the Chinese page for the Chinese
    site. Promotions with an external link have no language and show on both. One query; nothing is
    written (Wagtail's own `get_search_promotions` tag creates a Query row for every new query).
    """
    from wagtail.contrib.search_promotions.models import SearchPromotion

    promotions = (
        SearchPromotion.objects.filter(query__query_string=querylog.normalize(query))
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    items = []
    for promotion in promotions:
        page = promotion.page
        if page is None:
            if promotion.external_link_url:
                items.append({"promotion": promotion, "url": promotion.external_link_url, "page": None})
        elif page.locale_id == locale.pk and page.live and not page.get_view_restrictions().exists():
            items.append({"promotion": promotion, "url": None, "page": page.specific})
    return items


def other_language(query: str, count: int):
    """{"code", "count", "url"} of the other language's results for the same query, when worth saying."""
    current = get_language()
    others = [code for code, _label in settings.LANGUAGES if code != current]
    # Few results here, or Chinese typed on a site in another language.
    wanted = count < OTHER_LANGUAGE_THRESHOLD or (current != "zh-hans" and CJK_RUN.search(query))
    if not others or not wanted:
        return None
    code = "zh-hans" if "zh-hans" in others else others[0]
    locale = Locale.objects.filter(language_code=code).first()
    if locale is None:
        return None
    other_count = searchable_pages(locale).search(query).count()
    if not other_count:
        return None
    with override(code):
        url = reverse("search") + "?" + urlencode({"q": query})
    return {"code": code, "count": other_count, "url": url}


def search(request):
    query = clean_query(request.GET.get("q", ""))
    locale = Locale.get_active()
    results = Page.objects.none()
    promoted = []
    first_page = request.GET.get("page", "1") in ("", "1")
    if query:
        promoted = promoted_pages(query, locale)
        promoted_ids = [item["page"].pk for item in promoted if item["page"] is not None]
        results = searchable_pages(locale).exclude(pk__in=promoted_ids).specific().search(query)
    # get_page: a missing or non-numeric page is the first, one past the end the last.
    page_obj = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    names = glossary_names() if query else []
    highlight = highlighter(query, names)
    items = [
        {"page": page, "title": mark(page.title, highlight.pattern), "snippet": snippet(page, highlight)}
        for page in page_obj.object_list
    ]
    for item in promoted:
        if item["page"] is not None:
            item["title"] = mark(item["page"].title, highlight.pattern)
            item["snippet"] = item["promotion"].description or snippet(item["page"], highlight).text
    total = page_obj.paginator.count + len(promoted)
    other = other_language(query, total) if query else None
    response = TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "page_obj": page_obj,
            "results": items,
            "promoted": promoted if page_obj.number == 1 else [],
            "total": total,
            "other_language": other,
        },
    )
    if query and first_page and request.method == "GET":
        querylog.record_after_response(response, query, locale.language_code, total)
    return response
