"""Organization profiles and the programs that belong to them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images import get_image_model_string
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cms.api_fields import ParentField, RelatedPagesField
from cms.blocks import BodyStreamBlock
from cms.i18n import SHARED_SLUG, localize_many
from cms.images import CARD_SPEC, LEAD_SPEC, LOGO_SPEC, LeadImageMixin, load_image_with_renditions, prefetch_renditions
from cms.pages import SectionIndexPage, TranslatedPage
from orgs.phones import parse_phones


def split_lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


class OrganizationIndexPage(SectionIndexPage):
    subpage_types = ["orgs.OrganizationPage"]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("organization index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        organizations = list(OrganizationPage.objects.child_of(self).live().select_related("logo").order_by("path"))
        prefetch_renditions([org.logo for org in organizations], LOGO_SPEC)
        context["organizations"] = organizations
        return context


class OrganizationPage(TranslatedPage):
    """A profile: who the organization is, its sections (purpose, tasks, structure …) and how to reach it."""

    logo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown beside the name, which serves as its text alternative"),
    )
    short_name = models.CharField(_("short name"), max_length=100, blank=True, help_text=_("Acronym, e.g. IECC"))
    parent_body = models.CharField(
        _("parent body"), max_length=255, blank=True, help_text=_("The body it belongs to, e.g. CNCC")
    )
    founded = models.DateField(_("founded"), null=True, blank=True, help_text=_("Day is not shown"))
    legal_status = models.CharField(_("legal status"), max_length=255, blank=True)
    summary = models.TextField(_("summary"), help_text=_("One or two sentences for listings"))
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"), blank=True)
    partner_countries = models.TextField(_("partner countries"), blank=True, help_text=_("One per line"))

    contact_name = models.CharField(_("contact: organization name"), max_length=255, blank=True)
    address = models.TextField(_("address"), blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    phones = models.CharField(_("telephone"), max_length=255, blank=True)
    fax = models.CharField(_("fax"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_people = models.CharField(_("contact people"), max_length=255, blank=True)

    signatory_name = models.CharField(_("signatory"), max_length=255, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=255, blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("short_name"), FieldPanel("founded")]),
                FieldPanel("logo"),
                FieldPanel("parent_body"),
                FieldPanel("legal_status"),
                FieldPanel("summary"),
                FieldPanel("partner_countries"),
            ],
            heading=_("About"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("phones"), FieldPanel("fax")]),
                FieldRowPanel([FieldPanel("email"), FieldPanel("website")]),
                FieldPanel("contact_people"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel([FieldPanel("signatory_name"), FieldPanel("signatory_title")], heading=_("Signed by")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("short_name", boost=2),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("parent_body"),
        index.SearchField("address"),
        index.FilterField("locale"),
    ]
    override_translatable_fields = [
        SHARED_SLUG,
        SynchronizedField("postal_code"),
        SynchronizedField("phones"),
        SynchronizedField("fax"),
        SynchronizedField("founded"),
    ]

    parent_page_types = ["orgs.OrganizationIndexPage"]
    subpage_types = ["orgs.ProgramPage"]

    api_fields = [
        APIField("short_name"),
        APIField("parent_body"),
        APIField("founded"),
        APIField("legal_status"),
        APIField("summary"),
        APIField("body"),
        APIField("countries"),
        APIField("logo"),
        APIField("logo_thumbnail", serializer=ImageRenditionField("fill-192x192|format-png", source="logo")),
        APIField("contact_name"),
        APIField("address"),
        APIField("postal_code"),
        APIField("phones"),
        APIField("fax"),
        APIField("email"),
        APIField("website"),
        APIField("contact_people"),
        APIField("signatory_name"),
        APIField("signatory_title"),
    ]

    class Meta:
        verbose_name = _("organization profile")

    @property
    def countries(self):
        return split_lines(self.partner_countries)

    @property
    def phone_numbers(self):
        return parse_phones(self.phones)

    @property
    def fax_numbers(self):
        return parse_phones(self.fax)

    @property
    def has_contact(self):
        return any(
            (self.address, self.postal_code, self.phones, self.fax, self.email, self.website, self.contact_people)
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        load_image_with_renditions(self, "logo", LOGO_SPEC)
        programs = list(ProgramPage.objects.child_of(self).live().select_related("lead_image").order_by("path"))
        prefetch_renditions([program.lead_image for program in programs], CARD_SPEC)
        context["programs"] = programs
        return context


class ProgramPage(LeadImageMixin, TranslatedPage):
    """A program run by the organization it sits under, with the partners it involves."""

    summary = models.TextField(_("summary"), help_text=_("One or two sentences for listings"))
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"), blank=True)
    audience = models.CharField(_("audience"), max_length=255, blank=True, help_text=_("Who it is for"))
    partner_countries = models.TextField(_("partner countries"), blank=True, help_text=_("One per line"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        *LeadImageMixin.lead_image_panels,
        FieldPanel("body"),
        FieldPanel("audience"),
        FieldPanel("partner_countries"),
        InlinePanel("related_organizations", label=_("Partner organizations")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("audience"),
        index.SearchField("organization_name"),
        index.FilterField("locale"),
    ]
    override_translatable_fields = [SHARED_SLUG]

    parent_page_types = ["orgs.OrganizationPage"]
    subpage_types = []

    api_fields = [
        APIField("summary"),
        APIField("body"),
        APIField("audience"),
        APIField("countries"),
        *LeadImageMixin.lead_image_api_fields,
        APIField("organization", serializer=ParentField()),
        APIField("partners", serializer=RelatedPagesField("related_organizations", "organization")),
    ]

    class Meta:
        verbose_name = _("program")

    @property
    def countries(self):
        return split_lines(self.partner_countries)

    def organization_name(self):
        """The organization running the program, so searching its name or acronym finds its programs."""
        organization = OrganizationPage.objects.filter(path=self.path[: -self.steplen]).first()
        return f"{organization.title} {organization.short_name}" if organization else ""

    def get_context(self, request, *args, **kwargs):
        from news.models import NewsPage

        context = super().get_context(request, *args, **kwargs)
        load_image_with_renditions(self, "lead_image", LEAD_SPEC)
        context["organization"] = OrganizationPage.objects.get(path=self.path[: -self.steplen])
        partners = [rel.organization for rel in self.related_organizations.select_related("organization")]
        context["partners"] = localize_many(partners, self.locale_id)
        context["news"] = (
            NewsPage.objects.live()
            .filter(locale_id=self.locale_id, related_pages__page__translation_key=self.translation_key)
            .distinct()
            .order_by("-date")[:5]
        )
        return context


class ProgramOrganization(Orderable):
    """A partner organization of a program (its own organization is the parent page)."""

    program = ParentalKey(ProgramPage, on_delete=models.CASCADE, related_name="related_organizations")
    organization = models.ForeignKey(
        OrganizationPage, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )

    panels = [FieldPanel("organization")]

    class Meta(Orderable.Meta):
        verbose_name = _("partner organization")
