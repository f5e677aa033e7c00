"""Which URLs show a changed page or topic.

A page is shown, besides at its own URLs (feeds and other sub-routes included, see `cached_paths`), by:
its counterparts in the other languages (their switcher and hreflang links); its ancestors (the index
that lists it, the home page); its children (a program names its organization); the pages that
reference it and the pages it references, before and after the change (Wagtail's reference index:
rich-text links, related organizations and programs, partners; a program page lists the releases that
reference it) and their counterparts; the sitemap. A change to a page in the menu (home and section
indexes) is shown on every page of its languages. Every step is one query for the whole batch, so
moving a subtree costs the same handful of queries as a single page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import NoReverseMatch
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Locale, Page, ReferenceIndex

SITEMAP_PATH = "/sitemap.xml"
MENU_DEPTH = 3  # home pages (2) and the section indexes under them (3) appear on every page's menu


@dataclass
class Plan:
    """What a change purges: absolute URLs (for a CDN) and whole languages (menus)."""

    urls: set[str] = field(default_factory=set)
    languages: set[str] = field(default_factory=set)

    @property
    def paths(self) -> set[str]:
        return {urlsplit(url).path for url in self.urls}

    def update(self, other: Plan) -> None:
        self.urls |= other.urls
        self.languages |= other.languages


def routable_paths(page) -> list[str]:
    """The sub-routes of a routable page that take no argument (feed/, feed/atom/ …)."""
    paths = []
    for route in type(page).get_subpage_urls():
        try:
            paths.append(page.reverse_subpage(route.name))
        except NoReverseMatch:
            continue  # a route with arguments: not something to enumerate
    return paths


def cached_paths(page) -> list[str]:
    """Paths under a page's URL that a cache may hold: its own `get_cached_paths` or its sub-routes."""
    own = page.get_cached_paths()
    if own == ["/"] and isinstance(page, RoutablePageMixin):
        return sorted({"/", *routable_paths(page)})
    return own


def page_urls(pages, cache_object=None) -> set[str]:
    urls = set()
    for page in pages:
        parts = page.get_url_parts(request=cache_object)
        if parts is None:
            continue
        _site_id, root_url, page_path = parts
        base = (root_url or "") + page_path
        urls.update(base + path.lstrip("/") for path in cached_paths(page))
        urls.add(root_url + SITEMAP_PATH if root_url else SITEMAP_PATH)
    return urls


def _page_content_type_id() -> int:
    return ContentType.objects.get_for_model(Page).pk


def referenced_page_ids(page_ids) -> set[int]:
    """Pages these pages point at (related pages, partners, rich-text links)."""
    content_type = _page_content_type_id()
    rows = ReferenceIndex.objects.filter(
        base_content_type_id=content_type,
        object_id__in=[str(pk) for pk in page_ids],
        to_content_type_id=content_type,
    ).values_list("to_object_id", flat=True)
    return {int(pk) for pk in rows}


def referencing_page_ids(page_ids) -> set[int]:
    content_type = _page_content_type_id()
    rows = ReferenceIndex.objects.filter(
        to_content_type_id=content_type,
        to_object_id__in=[str(pk) for pk in page_ids],
        base_content_type_id=content_type,
    ).values_list("object_id", flat=True)
    return {int(pk) for pk in rows}


def _counterparts(keys) -> list:
    """Every page, in any language and state, sharing a translation key with `keys` (a set or subquery)."""
    return list(Page.objects.filter(translation_key__in=keys).specific(defer=True))


def _ancestors(pages) -> list:
    paths = {page.path[: depth * Page.steplen] for page in pages for depth in range(2, page.depth)}
    return list(Page.objects.filter(path__in=paths).specific(defer=True)) if paths else []


def _children(pages) -> list:
    """Children show their parent (a program its organization, a release its index)."""
    condition = Q()
    for page in pages:
        condition |= Q(path__startswith=page.path, depth=page.depth + 1)
    return list(Page.objects.filter(condition).specific(defer=True)) if condition else []


def _languages(pages) -> set[str]:
    return set(Locale.objects.filter(pk__in={page.locale_id for page in pages}).values_list("language_code", flat=True))


def plan_for_pages(pages, referenced_before=()) -> Plan:
    """Everything that shows `pages`. `referenced_before`: pages they pointed at before this change."""
    pages = list(pages)
    if not pages:
        return Plan()
    changed = _counterparts({page.translation_key for page in pages})
    changed_ids = {page.pk for page in changed}
    related_ids = referencing_page_ids(changed_ids) | referenced_page_ids(changed_ids) | set(referenced_before)
    related_ids -= changed_ids
    shown = changed + _ancestors(changed) + _children(changed)
    if related_ids:
        shown += _counterparts(Page.objects.filter(pk__in=related_ids).values("translation_key"))
    in_menu = [page for page in changed if page.depth <= MENU_DEPTH]
    languages = _languages(in_menu) if in_menu else set()
    if languages:
        shown += list(Page.objects.filter(depth__gt=1, locale__language_code__in=languages).specific(defer=True))
    unique = {page.pk: page for page in shown}.values()
    return Plan(urls=page_urls(unique), languages=languages)


def plan_for_topics(topics) -> Plan:
    """A topic's name shows on the releases tagged with it (in any language), every news list, feed and home."""
    from home.models import HomePage
    from news.models import NewsIndexPage, NewsPage

    keys = {topic.translation_key for topic in topics}
    tagged = NewsPage.objects.filter(tagged_items__tag__translation_key__in=keys).distinct()
    return Plan(urls=page_urls([*NewsIndexPage.objects.all(), *HomePage.objects.all(), *tagged]))


def urls_before_slug_change(page, old_slug: str) -> set[str]:
    """The URLs a page and its descendants had before its slug changed (they answer 404 now)."""
    parts = page.get_url_parts()
    if parts is None or not parts[2].endswith(f"/{page.slug}/"):
        return set()  # a site's root page: its URL has no slug in it
    _site_id, root_url, new_path = parts
    old_path = new_path[: -len(page.slug) - 1] + old_slug + "/"
    urls = set()
    for descendant in page.get_descendants(inclusive=True).specific(defer=True):
        descendant_parts = descendant.get_url_parts()
        if descendant_parts and descendant_parts[2].startswith(new_path):
            base = (root_url or "") + old_path + descendant_parts[2][len(new_path) :]
            urls.update(base + path.lstrip("/") for path in cached_paths(descendant))
    return urls
