"""Site search at /en/search/?q= and /zh-hans/search/?q=: results from the active language only."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from wagtail.models import Locale, Page

from search.snippets import highlight_pattern, mark, snippet

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def clean_query(raw: str) -> str:
    """What we search for and echo back: no NUL or control characters, whitespace collapsed, capped."""
    cleaned = "".join(ch if ch.isprintable() else " " for ch in raw)
    return " ".join(cleaned.split())[:MAX_QUERY_LENGTH]


def search(request):
    query = clean_query(request.GET.get("q", ""))
    results = Page.objects.none()
    if query:
        results = Page.objects.live().public().filter(locale=Locale.get_active()).specific().search(query)
    # get_page: a missing or non-numeric page is the first, one past the end the last.
    page_obj = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    pattern = highlight_pattern(query)
    items = [
        {"page": page, "title": mark(page.title, pattern), "snippet": snippet(page, pattern)}
        for page in page_obj.object_list
    ]
    return TemplateResponse(
        request,
        "search/search.html",
        {"search_query": query, "page_obj": page_obj, "results": items},
    )
