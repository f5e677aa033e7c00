from django.db import models
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from cms import footer
from cms.chrome import chrome_pages
from cms.i18n import SHARED_SLUG
from cms.images import CARD_SPEC, LEAD_SPEC, LOGO_SPEC, prefetch_rendition_groups
from cms.pages import TranslatedPage
from cms.prepared_queries import PreparedQuery

HOME_RELEASES = 4  # the lead story and three more


class HomePage(TranslatedPage):
    """The start page of one language: introduction, latest news, organizations and programs."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    override_translatable_fields = [SHARED_SLUG]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["orgs.OrganizationIndexPage", "news.NewsIndexPage"]

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Resolve /organizations/iecc/program/ in one query by url_path instead of one per level.

        Wagtail's default walks the tree a segment at a time (two queries per level); every page view
        goes through here. The deepest page matching a prefix of the path wins, and it routes whatever
        remains (a routable page's feed/, or a 404).
        """
        if not path_components:
            return super().route(request, path_components)
        prefixes = [self.url_path + "/".join(path_components[:n]) + "/" for n in range(len(path_components), 0, -1)]
        match = (
            Page.objects.filter(url_path__in=prefixes, locale_id=self.locale_id, path__startswith=self.path)
            .order_by("-depth")
            .first()
        )
        if match is None:
            raise Http404
        return match.specific.route(request, path_components[match.depth - self.depth :])

    @classmethod
    def can_create_at(cls, parent):
        # One home page per locale: translations of it are made by wagtail-localize, not by hand.
        return super().can_create_at(parent) and not cls.objects.filter(locale_id=parent.locale_id).exists()

    def get_context(self, request, *args, **kwargs):
        from news.models import NewsIndexPage
        from news.topics import attach_topics
        from orgs.models import ProgramPage

        context = super().get_context(request, *args, **kwargs)
        latest = LATEST_RELEASES(locale_id=self.locale_id)
        attach_topics(latest, self.locale_id)
        # The newest release leads the page; the next ones follow as a short list.
        context["lead_story"] = latest[0] if latest else None
        context["latest_news"] = latest[1:]
        # The news index is one of the sections the menu shows: no query of its own.
        sections = chrome_pages(request, self).sections
        context["news_index"] = next((p for p in sections if p.specific_class is NewsIndexPage), None)
        organizations = ORGANIZATIONS(locale_id=self.locale_id)
        context["organizations"] = organizations
        footer.prime(get_language(), organizations, request)  # the same organizations: no query of its own
        prefetch_rendition_groups(
            [
                ([release.lead_image for release in latest], (LEAD_SPEC, CARD_SPEC)),
                ([org.logo for org in organizations], (LOGO_SPEC,)),
            ]
        )
        # Pair each program with its organization (its parent page) without a query per program.
        org_by_path = {org.path: org for org in organizations}
        programs = PROGRAMS(locale_id=self.locale_id)
        context["programs"] = [(p, org_by_path.get(p.path[: -ProgramPage.steplen])) for p in programs]
        return context


def _latest_releases(locale_id):
    from news.models import NewsPage

    return (
        NewsPage.objects.live()
        .filter(locale_id=locale_id)
        .order_by("-date", "-pk")
        .select_related("lead_image")[:HOME_RELEASES]
    )


def _organizations(locale_id):
    from orgs.models import OrganizationPage

    return OrganizationPage.objects.live().filter(locale_id=locale_id).select_related("logo").order_by("path")


def _programs(locale_id):
    from orgs.models import ProgramPage

    return ProgramPage.objects.live().filter(locale_id=locale_id).order_by("path")


# The home page's listings, compiled once (cms.prepared_queries).
LATEST_RELEASES = PreparedQuery(_latest_releases)
ORGANIZATIONS = PreparedQuery(_organizations)
PROGRAMS = PreparedQuery(_programs)
