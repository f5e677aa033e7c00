"""Site search at /en/search/?q= and /zh-hans/search/?q=: results from the active language only.

Also on the page (docs/search.md): pages editors promoted for the query (Wagtail's search promotions,
for the active language), a pointer to the other language's results when this one has few, and the
query log for the "Searches with no results" report, written after the response.
"""

from django.conf import settings
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, override
from wagtail.models import Locale, Page

from search import querylog
from search.names import glossary_names, names_for_request
from search.paging import CountedUpToPaginator, count_up_to
from search.segmentation import CJK_RUN
from search.snippets import batch, highlighter, mark, snippet

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200
# Fewer results than this in the active language: say how many the other language has.
OTHER_LANGUAGE_THRESHOLD = 3


def clean_query(raw: str) -> str:
    """What we search for and echo back: no NUL or control characters, whitespace collapsed, capped."""
    cleaned = "".join(ch if ch.isprintable() else " " for ch in raw)
    return " ".join(cleaned.split())[:MAX_QUERY_LENGTH]


def searchable_pages(private_q, locale_id):
    """Live public pages of one language (`locale_id=`). `private_q` (Wagtail's,
    which reads every view restriction) is read once per request and shared by all the searches."""
    return Page.objects.live().exclude(private_q).filter(locale_id=locale_id)


def promoted_pages(query: str, locale_id: int, private_q) -> list:
    """Live pages editors promoted for this query (wagtail.contrib.search_promotions), in this language.

    A promotion names a page, and a page has one language: promote the Chinese page for the Chinese
    site. Promotions with an external link have no language and show on both. One query; nothing is
    written (Wagtail's own `get_search_promotions` tag creates a Query row for every new query).
    """
    from wagtail.contrib.search_promotions.models import SearchPromotion

    pages = searchable_pages(private_q, locale_id=locale_id).values("pk")
    promotions = (
        SearchPromotion.objects.filter(query__query_string=querylog.normalize(query))
        .filter(Q(page__in=pages) | Q(page__isnull=True, external_link_url__gt=""))
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    return [
        {"promotion": promotion, "url": promotion.external_link_url or None, "page": promotion.page}
        for promotion in promotions
    ]


def other_language(query: str, count: int, private_q, locales: dict[str, int]):
    """{"code", "count", "more", "url"} of the other language's results for the same query, when worth
    saying (`more`: more than `count`, counted no further: search.paging)."""
    current = get_language()
    others = [code for code, _label in settings.LANGUAGES if code != current]
    # Few results here, or Chinese typed on a site in another language.
    wanted = count < OTHER_LANGUAGE_THRESHOLD or (current != "zh-hans" and CJK_RUN.search(query))
    if not others or not wanted:
        return None
    code = "zh-hans" if "zh-hans" in others else others[0]
    if code not in locales:
        return None
    other_count, more = count_up_to(searchable_pages(private_q, locale_id=locales[code]).search(query))
    if not other_count:
        return None
    with override(code):
        url = reverse("search") + "?" + urlencode({"q": query})
    return {"code": code, "count": other_count, "more": more, "url": url}


def search(request):
    query = clean_query(request.GET.get("q", ""))
    # Both languages' locales in one query (Locale.get_active() reads one).
    locales = dict(Locale.objects.values_list("language_code", "pk"))
    locale_id = locales.get(get_language()) or Locale.get_active().pk
    language = next((code for code, pk in locales.items() if pk == locale_id), get_language())
    results = Page.objects.none()
    promoted = []
    first_page = request.GET.get("page", "1") in ("", "1")
    private_q = Page.objects.all().private_q() if query else Q(pk__in=[])
    names = glossary_names() if query else []
    with names_for_request(names):
        if query:
            promoted = promoted_pages(query, locale_id, private_q)
            promoted_ids = [item["page"].pk for item in promoted if item["page"] is not None]
            results = (
                searchable_pages(private_q, locale_id=locale_id).exclude(pk__in=promoted_ids).specific().search(query)
            )
        # get_page: a missing or non-numeric page is the first, one past the end the last.
        page_obj = CountedUpToPaginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        highlight = highlighter(query, names)
        items = [
            {"page": page, "title": mark(page.title, highlight.pattern), "snippet": snippet(page, highlight)}
            for page in batch(page_obj.object_list)
        ]
        for item in promoted:
            if item["page"] is not None:
                item["page"] = item["page"].specific
                item["title"] = mark(item["page"].title, highlight.pattern)
                item["snippet"] = item["promotion"].description or snippet(item["page"], highlight).text
        total = page_obj.paginator.count + len(promoted)
        other = other_language(query, total, private_q, locales) if query else None
    response = TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "page_obj": page_obj,
            "results": items,
            "promoted": promoted if page_obj.number == 1 else [],
            "total": total,
            "more": page_obj.paginator.more,  # more matches than counted: "more than 1,000 results"
            "other_language": other,
        },
    )
    if query and first_page and request.method == "GET":
        querylog.record_after_response(response, query, language, total)
    return response
