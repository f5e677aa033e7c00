"""The pages every page's chrome shows, in one query: the menu of the active language and the page's
translations (for hreflang and the language switcher), plus the sections under the home page."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import get_language
from wagtail.models import Page

SECTION_DEPTH = 3  # the indexes directly under a language's home page


@dataclass
class ChromePages:
    sections: list  # live pages under the active language's home page (organizations, news …)
    translations: list  # the page in every language it is live in

    @property
    def menu(self) -> list:
        return [page for page in self.sections if page.show_in_menus]


def chrome_pages(request, page=None) -> ChromePages:
    """Cached on the request: the menu, hreflang links and switcher ask for it separately. No query at
    all for the page the route found: the routing's query read these pages too (cms/routing.py)."""
    found = getattr(request, "_chrome_pages", None)
    primed_pk, primed = getattr(request, "_chrome_pages_of", (None, None))
    if found is None and primed is not None and (page is None or page.pk == primed_pk):
        found = primed if page is not None else ChromePages(sections=primed.sections, translations=[])
        request._chrome_pages = found
    if found is None:
        wanted = Q(depth=SECTION_DEPTH, locale__language_code=get_language())
        if page is not None and page.pk:
            wanted |= Q(translation_key=page.translation_key)
        pages = list(Page.objects.live().filter(wanted).select_related("locale").order_by("path"))
        found = ChromePages(
            sections=[p for p in pages if p.depth == SECTION_DEPTH and p.locale.language_code == get_language()],
            translations=[p for p in pages if page is not None and p.translation_key == page.translation_key],
        )
        request._chrome_pages = found
    return found
