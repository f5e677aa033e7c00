"""Page routing in three queries, whatever the depth of the URL, with the site's root paths on the way.

Wagtail's `serve` view finds the site (one query), its root page in the active language (two), that
page's specific object (one), then walks the tree; rendering any page link then loads the site root
paths (two more, when the cache is cold), and the view restrictions of the page and its ancestors cost
one more. Here one query reads every site (with its root page's translation key), one reads every
translation of the roots together with every page whose URL is a prefix of the requested one (the page,
its parents and the home page), the tree's root, the sections under the home page and the translations
of the page and its parents, each row saying whether a view restriction applies to it; and one loads
the page's specific object. The result goes where Wagtail looks for it (`request._wagtail_site`,
`_wagtail_route_for_request`, `_wagtail_cached_site_root_paths`), and where this site's chrome looks for
it (`cms.chrome`); Wagtail's own `serve` view does the rest: hooks, view restrictions (no query when none
applies), `page.serve`. The queries are prepared (`cms.prepared_queries`): compiled to SQL once per
path depth, they cost a request what running them costs.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import router
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.http import Http404
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.models import Page, PageViewRestriction, Site, get_page_models
from wagtail.models.sites import SiteRootPath

from cms.chrome import SECTION_DEPTH, ChromePages
from cms.prepared_queries import PreparedQuery, PreparedQueryPerModel
from cms.rich_text import page_links_of


def serve(request, path):
    """Wagtail's page view, with the route (or None for a 404) found in three queries."""
    route = find_route(request, path)
    if route is NotImplemented or route is None:
        if route is None:
            request._wagtail_route_for_request = None
        return wagtail_views.serve(request, path)
    request._wagtail_route_for_request = route
    with page_links_of(route[0], request):
        response = wagtail_views.serve(request, path)
        if hasattr(response, "render"):
            response.render()  # inside the block: its rich text uses the links resolved above
    return response


def load_content_types() -> None:
    """Every page type's content type in one query when the process has none cached (after a deploy).

    `page.specific_class` asks Django's content type cache for one type at a time: one query for each
    page type a request meets, on a cold process. Page types only: the site has some ninety content
    types, and a page view needs no other.
    """
    manager = ContentType.objects
    using = router.db_for_read(ContentType)
    if manager._cache.get(using):
        return
    names = sorted({model._meta.model_name for model in get_page_models()})
    for content_type in PAGE_CONTENT_TYPES(names=names):
        manager._add_to_cache(using, content_type)


PAGE_CONTENT_TYPES = PreparedQuery(lambda names: ContentType.objects.filter(model__in=names))


def _pick_site(sites, hostname: str, port: int):
    """Wagtail's choice among sites (wagtail.models.sites.get_site_for_hostname), made in Python."""

    def rank(site):
        if site.hostname == hostname and site.port == port:
            return 0
        if site.hostname == hostname and site.is_default_site:
            return 1
        return 2 if site.is_default_site else 3

    candidates = sorted((s for s in sites if s.hostname == hostname or s.is_default_site), key=rank)
    if not candidates:
        return None
    if len(candidates) == 1 or rank(candidates[0]) in (0, 1):
        return candidates[0]
    if rank(candidates[0]) == 2:
        return candidates[len(candidates) == 2]
    return None


def _root_paths(sites, roots_by_key) -> list[SiteRootPath]:
    """Site.get_site_root_paths(), from rows already loaded (same order: most specific first)."""
    ordered = sorted(sites, key=lambda s: s.hostname)
    ordered.sort(key=lambda s: s.is_default_site, reverse=True)
    ordered.sort(key=lambda s: s.root_page.url_path, reverse=True)
    return [
        SiteRootPath(site.id, root.url_path, site.root_url, root.locale.language_code)
        for site in ordered
        for root in roots_by_key.get(site.root_page.translation_key, [])
    ]


def _sites_query():
    # The root pages come with the pages below (a join for every column of a page costs more to build).
    return Site.objects.annotate(root_translation_key=F("root_page__translation_key"))


def _pages_query(language, root_keys, slugs=(), suffixes=()):
    """Every page of the active language that may lie on the path, the site roots in every language, the
    tree's root and the menu's sections, and the translations of the pages on the path.

    The page at relative depth k has the k-th component as its slug and a url_path ending in the first k
    components. Matching on that (instead of on the local root's url_path, a subquery the SQL would
    repeat for every prefix) keeps the query cheap; pages elsewhere with the same ending are dropped by
    find_route, in Python."""
    on_path_q = Q()
    for slug, suffix in zip(slugs, suffixes, strict=True):
        on_path_q |= Q(slug=slug, url_path__endswith=suffix)
    # An alias has its source page's restrictions (as in Wagtail's Page.get_view_restrictions).
    restricted = Exists(PageViewRestriction.objects.filter(page_id=Coalesce(OuterRef("alias_of_id"), OuterRef("pk"))))
    wanted = Q(translation_key__in=root_keys) | Q(depth=1) | Q(locale__language_code=language, depth=SECTION_DEPTH)
    if slugs:
        on_path = Page.objects.filter(on_path_q, locale__language_code=language)
        wanted |= on_path_q & Q(locale__language_code=language)
        wanted |= Q(translation_key__in=on_path.values("translation_key"))
    return Page.objects.select_related("locale").annotate(restricted=restricted).filter(wanted).order_by("path")


SITES = PreparedQuery(_sites_query)
PAGES = PreparedQuery(_pages_query)


def find_route(request, path: str):
    load_content_types()
    sites = SITES()
    site = _pick_site(sites, split_domain_port(request._get_raw_host())[0], request.get_port())
    request._wagtail_site = site
    if site is None:
        return None
    language = get_language()
    components = [component for component in path.split("/") if component]
    suffixes = ["".join(f"{component}/" for component in components[:n]) for n in range(len(components) + 1)]
    root_keys = list(dict.fromkeys(s.root_translation_key for s in sites))
    pages = PAGES(language=language, root_keys=root_keys, slugs=components, suffixes=[f"/{s}" for s in suffixes[1:]])

    roots_by_key = {}
    for page in pages:
        if page.translation_key in root_keys:
            roots_by_key.setdefault(page.translation_key, []).append(page)
    by_pk = {page.pk: page for page in pages}
    for s in sites:
        s.root_page = by_pk[s.root_page_id]
    request._wagtail_cached_site_root_paths = _root_paths(sites, roots_by_key)

    local_root = next(
        (p for p in roots_by_key.get(site.root_translation_key, []) if p.locale.language_code == language), None
    )
    if local_root is None:
        return NotImplemented  # no root in this language: Wagtail's fallback routing to the default one
    url_paths = {local_root.url_path + suffix for suffix in suffixes}
    chain = [p for p in pages if p.locale_id == local_root.locale_id and p.url_path in url_paths]
    chain = [p for p in chain if p.path.startswith(local_root.path)]
    deepest = max(chain, key=lambda p: p.depth)
    request._page_ancestors = {p.pk: p for p in chain}  # the parents of the page, for breadcrumbs and links
    try:
        route = specific(deepest).route(request, components[deepest.depth - local_root.depth :])
    except Http404:
        return None
    if route[0].pk == deepest.pk:
        _prime_chrome(request, route[0], pages, language)
        tree_root = [p for p in pages if p.depth == 1]
        if local_root.depth == 2 and tree_root and not any(p.restricted for p in chain + tree_root):
            route[0].known_unrestricted = True  # see cms.pages.OneQueryViewRestrictions
    return route


SPECIFIC = PreparedQueryPerModel(lambda model, pk: model._default_manager.filter(pk=pk))


def specific(page: Page) -> Page:
    """`page.specific`, its row read by a prepared query (as Wagtail's SpecificMixin.get_specific does,
    attributes set on the page, such as `restricted`, are carried over)."""
    model = page.specific_class
    if model is None or isinstance(page, model):
        return page.specific
    found = SPECIFIC[model](pk=page.pk)
    if not found:
        return page.specific  # deleted meanwhile: Wagtail's own lookup says so
    obj = found[0]
    for name, value in page.__dict__.items():
        obj.__dict__.setdefault(name, value)
    page.__dict__["specific"] = obj
    return obj


def _prime_chrome(request, page, pages, language: str) -> None:
    """The menu's sections and the page's translations (cms.chrome), from the rows the route read."""
    live = [p for p in pages if p.live]
    request._chrome_pages_of = (
        page.pk,
        ChromePages(
            sections=[p for p in live if p.depth == SECTION_DEPTH and p.locale.language_code == language],
            translations=[p for p in live if p.translation_key == page.translation_key],
        ),
    )
