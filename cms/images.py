"""Images as content: a lead image with alt text, caption and credit, and the renditions the templates use.

The image itself is synchronized across languages (wagtail-localize treats a foreign key to a
non-translatable model that way); alt text, caption and credit are ordinary text fields, so they are
translated segments like the rest of the page.
"""

from collections import defaultdict
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.images import get_image_model, get_image_model_string
from wagtail.images.api.fields import ImageRenditionField
from wagtail.images.models import Filter

from cms.prepared_queries import PreparedQuery

# Filter specs for Wagtail's {% picture %} tag, one per place an image appears: AVIF and WebP first, JPEG
# as the fallback every browser reads; widths cover 1x and 2x screens. Logos are small flat marks: WebP
# with a PNG fallback is already a few kilobytes, and AVIF would only cost encoding time.
LEAD_SPEC = "format-{avif,webp,jpeg} width-{480,800,1200}"
CARD_SPEC = "format-{avif,webp,jpeg} fill-{400x225,800x450}"
LOGO_SPEC = "format-{webp,png} fill-{96x96,192x192}"
# One JPEG of a lead image for feeds and the API (every reader decodes JPEG); the release page makes it.
FEED_IMAGE_FILTER = "format-jpeg|width-1200"


def expanded(spec: str) -> list[str]:
    """The rendition filter specs one {% picture %} spec stands for (as stored on renditions)."""
    return Filter.expand_spec(spec.split())


@lru_cache(maxsize=256)
def shared_filters(specs: tuple[str, ...]) -> tuple[Filter, ...]:
    """The Filters a {% picture %} spec stands for, built once per process: a Filter depends on its spec
    only, and parsing it (its `operations`) costs more than the rest of a picture's rendering."""
    return tuple(Filter(spec=name) for name in Filter.expand_spec(list(specs)))


def make_renditions(image, *specs: str) -> None:
    """Create any missing renditions of `image` for `specs` now, so no visitor waits for an AVIF encode."""
    image.get_renditions(*[name for spec in specs for name in expanded(spec)])


def prefetch_renditions(images, *specs: str) -> None:
    """Give each image its renditions for `specs` the way Wagtail's picture tag reads them.

    A list of any length costs no query when the renditions are in Wagtail's renditions cache (the
    usual case) and one query when they are not; the tag alone costs a cache round trip, and a query
    on a miss, per image. Renditions that don't exist yet are made by the tag as usual.
    """
    prefetch_rendition_groups([(images, specs)])


def prefetch_rendition_groups(groups) -> None:
    """prefetch_renditions for several lists at once, each with its own specs: [(images, specs), …].
    A page that shows covers and logos pays one query for all of them on a cold cache, not one per list."""
    filters_of = defaultdict(dict)  # image pk -> {filter spec: Filter}
    by_pk = {}
    for images, specs in groups:
        filters = [f for spec in specs for f in shared_filters(tuple(spec.split()))]
        for image in images:
            if image is not None:
                by_pk[image.pk] = image
                filters_of[image.pk].update((f.spec, f) for f in filters)
    if not by_pk:
        return
    Rendition = get_image_model().get_rendition_model()
    wanted = {}
    for pk, image in by_pk.items():
        for filter in filters_of[pk].values():
            key = Rendition.construct_cache_key(image, filter.get_cache_key(image), filter.spec)
            wanted[key] = image
    found = defaultdict(list)
    for key, rendition in Rendition.cache_backend.get_many(list(wanted)).items():
        found[wanted[key].pk].append(rendition)
    missing = [image for pk, image in by_pk.items() if len(found[pk]) < len(filters_of[pk])]
    if missing:
        specs = sorted({spec for image in missing for spec in filters_of[image.pk]})
        from_db = RENDITIONS(image_ids=[image.pk for image in missing], specs=specs)
        for image in missing:
            found[image.pk] = []
        additions = {}
        for rendition in from_db:
            image = by_pk[rendition.image_id]
            rendition.image = image
            found[image.pk].append(rendition)
            key = Rendition.construct_cache_key(image, rendition.focal_point_key, rendition.filter_spec)
            additions[key] = rendition
        Rendition.cache_backend.set_many(additions)
    for pk, image in by_pk.items():
        image.prefetched_renditions = found[pk]


def load_image_with_renditions(obj, field: str, *specs: str) -> None:
    """Load `obj.<field>` (an image) with its renditions for `specs` in one query, not two.

    A page's own picture costs a query for the image and another for its renditions on a cold cache;
    reading the renditions with their image gets both. Where the renditions don't exist yet, nothing is
    loaded here and the picture tag does as usual (it makes them).
    """
    image_id = getattr(obj, f"{field}_id")
    if image_id is None or obj._meta.get_field(field).is_cached(obj):
        return
    wanted = [name for spec in specs for name in expanded(spec)]
    renditions = IMAGE_RENDITIONS(image_id=image_id, specs=wanted)
    if {rendition.filter_spec for rendition in renditions} != set(wanted):
        return
    image = renditions[0].image
    for rendition in renditions:
        rendition.image = image
    image.prefetched_renditions = renditions
    setattr(obj, field, image)


# Renditions by image and filter spec, compiled once (cms.prepared_queries): listings and a page's picture.
RENDITIONS = PreparedQuery(
    lambda image_ids, specs: (
        get_image_model().get_rendition_model().objects.filter(image_id__in=image_ids, filter_spec__in=specs)
    )
)
IMAGE_RENDITIONS = PreparedQuery(
    lambda image_id, specs: (
        get_image_model()
        .get_rendition_model()
        .objects.filter(image_id=image_id, filter_spec__in=specs)
        .select_related("image")
    )
)


class LeadImageMixin(models.Model):
    """A lead picture for a page, with the words around it translated like the page's text."""

    lead_image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_image_alt = models.CharField(
        _("alt text"),
        max_length=255,
        blank=True,
        help_text=_("What the picture shows, for people who cannot see it"),
    )
    lead_image_decorative = models.BooleanField(
        _("decorative"),
        default=False,
        help_text=_("Tick when the picture adds nothing to the text (screen readers skip it)"),
    )
    lead_image_caption = models.CharField(_("caption"), max_length=255, blank=True)
    lead_image_credit = models.CharField(_("credit"), max_length=255, blank=True)

    lead_image_panels = [
        MultiFieldPanel(
            [
                FieldPanel("lead_image"),
                FieldRowPanel([FieldPanel("lead_image_alt"), FieldPanel("lead_image_decorative")]),
                FieldRowPanel([FieldPanel("lead_image_caption"), FieldPanel("lead_image_credit")]),
            ],
            heading=_("Lead image"),
        )
    ]

    # In the API (/api/v2/): the image, a JPEG 1200 pixels wide to show, and the words around it.
    lead_image_api_fields = [
        APIField("lead_image"),
        APIField("lead_image_jpeg", serializer=ImageRenditionField(FEED_IMAGE_FILTER, source="lead_image")),
        APIField("lead_image_alt_text"),
        APIField("lead_image_caption"),
        APIField("lead_image_credit"),
    ]

    class Meta:
        abstract = True

    @property
    def lead_image_alt_text(self) -> str:
        return "" if self.lead_image_decorative else self.lead_image_alt

    def clean(self):
        super().clean()
        if self.lead_image_id and not (self.lead_image_alt.strip() or self.lead_image_decorative):
            raise ValidationError(
                {"lead_image_alt": _("Describe the lead image, or mark it as decorative if it adds nothing.")}
            )
