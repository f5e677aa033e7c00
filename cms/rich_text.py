"""Page links in rich text, localized and resolved in one query per page view, however many there are.

Wagtail's page link handler loads the linked pages of each rich-text block, then asks each page for its
`localized` version: two queries per link (wagtail#14620). Here the links of the whole page are read
before rendering (`page_links_of`), and every block's links then come from that one lookup; a
block met outside a page view resolves its own links in one query.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Q
from django.utils.html import escape
from django.utils.translation import get_language
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler
from wagtail.rich_text.rewriters import FIND_A_TAG, extract_attrs

# id (as text) -> URL, for the page being rendered; the request supplies site root paths.
_resolved: ContextVar[dict | None] = ContextVar("page_links", default=None)
_request: ContextVar = ContextVar("page_links_request", default=None)


def _link_ids(text: str) -> set[str]:
    ids = set()
    for match in FIND_A_TAG.finditer(text):
        attrs = extract_attrs(match.group(1))
        if attrs.get("linktype") == "page" and attrs.get("id", "").isdigit():
            ids.add(attrs["id"])
    return ids


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def page_link_ids(page) -> set[str]:
    """Ids of the pages linked from this page's rich text (in StreamFields and rich-text fields)."""
    ids = set()
    for field in page._meta.concrete_fields:
        if isinstance(field, StreamField):
            ids |= {i for text in _strings(json.loads(field.value_to_string(page) or "[]")) for i in _link_ids(text)}
        elif isinstance(field, RichTextField):
            ids |= _link_ids(getattr(page, field.attname) or "")
    return ids


def resolve(ids, request=None) -> dict[str, str]:
    """{id: URL of the page's live version in the active language, else of the page itself}."""
    ids = {str(i) for i in ids}
    if not ids:
        return {}
    linked = Page.objects.filter(pk__in=[int(i) for i in ids])
    pages = Page.objects.filter(
        Q(pk__in=linked) | Q(translation_key__in=linked.values("translation_key"), locale__language_code=get_language())
    ).select_related("locale")
    pages = list(pages)
    by_key = {p.translation_key: p for p in pages if p.live and p.locale.language_code == get_language()}
    urls = {}
    for page in pages:
        if str(page.pk) in ids:
            target = by_key.get(page.translation_key, page)
            urls[str(page.pk)] = target.get_url(request)
    return urls


@contextmanager
def page_links_of(page, request):
    """Resolve every page link of `page` at once, for the blocks rendered inside this block."""
    tokens = (_request.set(request), _resolved.set(resolve(page_link_ids(page), request)))
    try:
        yield
    finally:
        _request.reset(tokens[0])
        _resolved.reset(tokens[1])


class LocalizedPageLinkHandler(PageLinkHandler):
    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        ids = [str(attrs.get("id", "")) for attrs in attrs_list]
        known = _resolved.get()
        if known is None or any(i not in known for i in ids if i.isdigit()):
            known = {**(known or {}), **resolve([i for i in ids if i.isdigit()], _request.get())}
            if _resolved.get() is not None:
                _resolved.set(known)
        return ['<a href="%s">' % escape(known[i]) if known.get(i) else "<a>" for i in ids]
