from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from cms.i18n import SHARED_SLUG


class HomePage(Page):
    """The start page of one language: introduction, latest news, organizations and programs."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    override_translatable_fields = [SHARED_SLUG]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["orgs.OrganizationIndexPage", "news.NewsIndexPage"]

    class Meta:
        verbose_name = _("home page")

    @classmethod
    def can_create_at(cls, parent):
        # One home page per locale: translations of it are made by wagtail-localize, not by hand.
        return super().can_create_at(parent) and not cls.objects.filter(locale_id=parent.locale_id).exists()

    def get_context(self, request, *args, **kwargs):
        from news.models import NewsIndexPage, NewsPage, attach_localized_topics
        from orgs.models import OrganizationPage, ProgramPage

        context = super().get_context(request, *args, **kwargs)
        in_locale = {"locale_id": self.locale_id}
        latest = list(
            NewsPage.objects.live()
            .filter(**in_locale)
            .order_by("-date", "-pk")
            .prefetch_related("tagged_items__tag")[:3]
        )
        attach_localized_topics(latest, self.locale)
        context["latest_news"] = latest
        context["news_index"] = NewsIndexPage.objects.live().filter(**in_locale).first()
        organizations = list(OrganizationPage.objects.live().filter(**in_locale).order_by("path"))
        context["organizations"] = organizations
        # Pair each program with its organization (its parent page) without a query per program.
        org_by_path = {org.path: org for org in organizations}
        programs = ProgramPage.objects.live().filter(**in_locale).order_by("path")
        context["programs"] = [(p, org_by_path.get(p.path[: -ProgramPage.steplen])) for p in programs]
        return context
