"""News releases, their index (list, topic filter, feed) and the topic tags visitors filter by."""

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, Orderable, Page, RevisionMixin, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cms.api_fields import CreditsField, RelatedPagesField, TopicsField
from cms.blocks import BodyStreamBlock
from cms.i18n import SHARED_SLUG, localize_many
from cms.images import CARD_SPEC, LEAD_SPEC, LeadImageMixin, load_image_with_renditions, prefetch_renditions
from cms.pages import SectionIndexPage, TranslatedPage, parent_of
from cms.prepared_queries import PreparedQuery
from cms.translation_queue.gate import GuardedTranslatable
from news.topics import TopicNames, attach_topics
from orgs.models import OrganizationPage, ProgramPage

NEWS_PER_PAGE = 10


class Topic(GuardedTranslatable, DraftStateMixin, RevisionMixin, TranslatableMixin, TagBase):
    """A topic tag (django-taggit) with a name per language; the slug is shared, so filters work in both.

    Drafts and revisions let a translated name wait for review: visitors see only live topics.
    """

    # TagBase makes name and slug unique site-wide; a translated topic shares its slug, so uniqueness
    # is per locale instead.
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, allow_unicode=True)

    override_translatable_fields = [SynchronizedField("slug", overridable=False)]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_topic_slug_per_locale"),
            models.UniqueConstraint(fields=["name", "locale"], name="unique_topic_name_per_locale"),
        ]


class NewsPageTopic(ItemBase):
    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="tagged_news")
    content_object = ParentalKey("news.NewsPage", on_delete=models.CASCADE, related_name="tagged_items")


class NewsIndexPage(RoutablePageMixin, SectionIndexPage):
    subpage_types = ["news.NewsPage"]
    api_fields = [APIField("intro")]
    has_feed = True  # the footer links its feed/
    canonical_query_parameters = ("topic", "page")  # a topic's list and later pages are pages of their own

    class Meta:
        verbose_name = _("news index")

    def releases(self):
        """Live releases of this index, newest first, with their card images joined."""
        return NewsPage.objects.child_of(self).live().order_by("-date", "-pk").select_related("lead_image")

    @path("")
    def index(self, request):
        names = TopicNames(self.locale_id, used_by=self.releases())
        releases = self.releases()
        slug = request.GET.get("topic", "").strip()[:100]
        topic = names.by_slug(slug) if slug else None
        if topic is not None:
            releases = releases.filter(tagged_items__tag__translation_key=topic.translation_key)
        elif slug:
            releases = releases.none()
        # get_page: a missing or non-numeric page is the first, one past the end the last.
        page_obj = Paginator(releases, NEWS_PER_PAGE).get_page(request.GET.get("page"))
        items = list(page_obj.object_list)
        attach_topics(items, self.locale_id)
        prefetch_renditions([release.lead_image for release in items], CARD_SPEC)
        return self.render(
            request,
            context_overrides={
                "page_obj": page_obj,
                "releases": items,
                "topic": topic,
                "topic_slug": slug,
                "topics": names.used(),
            },
        )

    def get_cached_paths(self):
        """What a frontend cache may hold for this index: the list, its pages and topic filters, the feeds."""
        from cms.page_cache.dependencies import routable_paths

        releases = self.releases()
        pages = Paginator(releases, NEWS_PER_PAGE).num_pages
        slugs = NewsPageTopic.objects.filter(content_object__in=releases).values_list("tag__slug", flat=True)
        return [
            *routable_paths(self),
            *(f"?page={number}" for number in range(2, pages + 1)),
            *(f"?topic={slug}" for slug in sorted(set(slugs))),
            *(f"{feed}?topic={slug}" for feed in ("feed/", "feed/atom/", "feed/json/") for slug in sorted(set(slugs))),
        ]

    @path("feed/")
    def feed(self, request):
        return self.serve_feed(request, "rss")

    @path("feed/atom/")
    def atom_feed(self, request):
        return self.serve_feed(request, "atom")

    @path("feed/json/")
    def json_feed(self, request):
        return self.serve_feed(request, "json")

    def serve_feed(self, request, kind):
        from news.feeds import FEEDS

        return FEEDS[kind](self, request)(request)

    def feed_urls(self, request=None, topic=None) -> list[tuple[str, str, str]]:
        """(MIME type, format label, URL) of this index's feeds, optionally of one topic."""
        base = self.get_url(request)
        query = f"?topic={topic.slug}" if topic is not None else ""
        return [
            ("application/rss+xml", "RSS", f"{base}feed/{query}"),
            ("application/atom+xml", "Atom", f"{base}feed/atom/{query}"),
            ("application/feed+json", "JSON Feed", f"{base}feed/json/{query}"),
        ]


class NewsPage(LeadImageMixin, TranslatedPage):
    """A news release: date, body, credits, topics and the organizations and programs it is about."""

    date = models.DateField(_("release date"))
    updated = models.DateField(_("updated"), null=True, blank=True)
    summary = models.TextField(_("summary"), help_text=_("One or two sentences for listings and feeds"))
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"))

    reporter = models.CharField(_("text by"), max_length=255, blank=True)
    photographer = models.CharField(_("photos by"), max_length=255, blank=True)
    translator = models.CharField(_("translated by"), max_length=255, blank=True)
    editor = models.CharField(_("edited by"), max_length=255, blank=True)
    source_publication = models.CharField(_("source"), max_length=255, blank=True)

    topics = ClusterTaggableManager(through=NewsPageTopic, blank=True, verbose_name=_("topics"))

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("date"), FieldPanel("updated")]),
        FieldPanel("summary"),
        *LeadImageMixin.lead_image_panels,
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("reporter"), FieldPanel("photographer")]),
                FieldRowPanel([FieldPanel("translator"), FieldPanel("editor")]),
                FieldPanel("source_publication"),
            ],
            heading=_("Credits"),
        ),
        FieldPanel("topics"),
        InlinePanel("related_pages", label=_("Related organizations and programs")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("reporter"),
        index.SearchField("topic_names"),
        index.FilterField("date"),
        index.FilterField("locale"),
    ]
    override_translatable_fields = [
        SHARED_SLUG,
        SynchronizedField("date"),
        SynchronizedField("updated"),
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    api_fields = [
        APIField("date"),
        APIField("updated"),
        APIField("summary"),
        APIField("body"),
        *LeadImageMixin.lead_image_api_fields,
        APIField("credits", serializer=CreditsField()),
        APIField("reporter"),
        APIField("photographer"),
        APIField("translator"),
        APIField("editor"),
        APIField("source_publication"),
        APIField("topics", serializer=TopicsField()),
        APIField("related_pages", serializer=RelatedPagesField("related_pages", "page")),
    ]

    class Meta:
        verbose_name = _("news release")

    def topic_names(self):
        """Topic names in every language, so a release is found by its topics from either search box."""
        keys = [item.tag.translation_key for item in self.tagged_items.select_related("tag")]
        return " ".join(Topic.objects.filter(translation_key__in=keys, live=True).values_list("name", flat=True))

    @property
    def credits(self):
        """(label, value) pairs in reading order; text and photos by the same people read as one credit."""
        pairs = []
        if self.reporter and self.reporter == self.photographer:
            pairs.append((_("Text and photos"), self.reporter))
        else:
            if self.reporter:
                pairs.append((_("Text"), self.reporter))
            if self.photographer:
                pairs.append((_("Photos"), self.photographer))
        for label, value in (
            (_("Translation"), self.translator),
            (_("Source"), self.source_publication),
            (_("Editor"), self.editor),
        ):
            if value:
                pairs.append((label, value))
        return pairs

    def related_page_list(self) -> list[Page]:
        """The related organizations and programs, in the editor's order (from the database by a
        prepared query, unless a preview or revision holds its own list)."""
        relation = self.related_pages
        if relation.is_deferring or self.pk is None:
            return [rel.page for rel in relation.select_related("page")]
        return [rel.page for rel in RELATED_PAGES(source_id=self.pk)]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        load_image_with_renditions(self, "lead_image", LEAD_SPEC)
        related = localize_many(self.related_page_list(), self.locale_id)
        context["related_organizations"] = [p for p in related if issubclass(p.specific_class, OrganizationPage)]
        context["related_programs"] = [p for p in related if issubclass(p.specific_class, ProgramPage)]
        attach_topics([self], self.locale_id)
        context["page_topics"] = self.localized_topics
        context["news_index"] = parent_of(self, request)
        return context


class NewsPageRelatedPage(Orderable):
    """An organization or program a release is about; shown in the reader's language."""

    source = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="related_pages")
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+", verbose_name=_("page"))

    panels = [PageChooserPanel("page", ["orgs.OrganizationPage", "orgs.ProgramPage"])]

    class Meta(Orderable.Meta):
        verbose_name = _("related page")


RELATED_PAGES = PreparedQuery(
    lambda source_id: NewsPageRelatedPage.objects.filter(source_id=source_id).select_related("page")
)
