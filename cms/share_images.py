"""Share images (og:image, twitter:image): 1200×630, drawn by the site, cached as files.

A page's share image URL is `/share/<page id>-<key>.<ext>`; the key is a digest of what the picture
shows (title, language, date, lead image, organization name as the page knows it), so a new title gives
a new URL and social networks fetch the new picture. The URL costs a page view nothing: it is computed
from the page's own fields. The picture is made on the first request of that URL (a social network's
crawler, usually right after publishing) and stored in the default storage under `share/`; later
requests read the file without touching the database.

- A page with a lead image shares that image, cropped to 1200×630 around its focal point (a Wagtail
  rendition, JPEG).
- Every other page gets a card: the title in its own language, set in Noto Sans CJK (the seed's font,
  Debian's fonts-noto-cjk), over the seed's interlocking rings, with the site's name, the date of a
  release and the organization it belongs to (PNG: flat colour and text).
"""

from __future__ import annotations

import hashlib
import io
import logging
import random
from functools import lru_cache

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import formats, translation
from django.views.decorators.http import require_safe
from wagtail.models import Page

logger = logging.getLogger(__name__)

SIZE = (1200, 630)
VERSION = "1"  # change to redraw every card (a new design)
FOLDER = "share"
LEAD_FILTER = "fill-1200x630-c100|format-jpeg|jpegquality-85"
CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg"}


def _fields(page) -> list[str]:
    """What the picture shows, from the page's own row (no query)."""
    fields = [VERSION, str(page.pk), page.title, str(page.locale_id)]
    for name in ("date", "short_name", "parent_body"):
        value = getattr(page, name, None)
        if value:
            fields.append(f"{name}={value}")
    return fields


def share_key(page) -> tuple[str, str]:
    """(key, extension) of the page's current share image."""
    lead_image_id = getattr(page, "lead_image_id", None)
    fields = _fields(page)
    if lead_image_id:
        fields.append(f"lead={lead_image_id}")
    digest = hashlib.sha256("\x1f".join(fields).encode()).hexdigest()[:16]
    return digest, "jpg" if lead_image_id else "png"


def share_image_path(page) -> str:
    key, ext = share_key(page)
    return reverse("share_image", kwargs={"page_id": page.pk, "key": key, "ext": ext})


def storage_name(page_id: int, key: str, ext: str) -> str:
    return f"{FOLDER}/{page_id}-{key}.{ext}"


# --- drawing ---------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def fonts():
    from seeds.images import Fonts, find_font_file

    return Fonts(find_font_file())


def card_facts(page) -> tuple[str, str]:
    """(kicker, footer) of a card: the section or organization above the title, date and site below it."""
    from news.models import NewsPage
    from orgs.models import OrganizationPage, ProgramPage

    site = str(settings.WAGTAIL_SITE_NAME)
    kicker, footer = site, ""
    if isinstance(page, NewsPage):
        parent = page.get_parent()
        kicker = parent.title if parent else site
        footer = formats.date_format(page.date, "DATE_FORMAT")
        related = [rel.page for rel in page.related_pages.select_related("page")]
        organizations = [p for p in related if issubclass(p.specific_class, OrganizationPage)]
        if organizations:
            from cms.i18n import localize_many

            footer = f"{footer} · {localize_many(organizations, page.locale_id)[0].title}"
    elif isinstance(page, ProgramPage):
        organization = page.get_parent()
        kicker = organization.title if organization else site
    elif isinstance(page, OrganizationPage):
        kicker = page.parent_body or site
        footer = page.short_name if page.short_name != page.title else ""
    return kicker, footer


def draw_card(title: str, kicker: str, footer: str, site: str, seed: str) -> bytes:
    """The card: 1200×630 PNG, title as large as fits in three lines."""
    from PIL import Image, ImageDraw

    from seeds.images import PALETTE, draw_rings, fit

    width, height = SIZE
    rng = random.Random(seed)
    ground = PALETTE[int(hashlib.sha256(seed.encode()).hexdigest(), 16) % len(PALETTE)]
    image = Image.new("RGB", SIZE, ground)
    draw = ImageDraw.Draw(image, "RGBA")
    draw_rings(draw, rng, SIZE, (255, 255, 255, 30))
    draw.rectangle((0, 0, width, height), fill=(0, 0, 0, 60))
    margin = 72
    measure = width - 2 * margin
    face = fonts()
    kicker_lines, kicker_font = fit(kicker, face, measure, 1, range(32, 20, -2))
    draw.text((margin, margin), kicker_lines[0], font=kicker_font, fill=(255, 255, 255, 220))
    lines, font = fit(title, face, measure, 3, range(72, 36, -4))
    lines = lines[:4]
    line_height = font.size * 1.28
    y = (height - line_height * len(lines)) / 2 + 10
    for line in lines:
        draw.text((margin, y), line, font=font, fill="white")
        y += line_height
    bottom = height - margin
    draw.line((margin, bottom - 52, margin + 96, bottom - 52), fill="white", width=4)
    if footer:
        draw.text((margin, bottom), footer, font=face(28), fill="white", anchor="ls")
    draw.text((width - margin, bottom), site, font=face(28), fill=(255, 255, 255, 220), anchor="rs")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def exactly_share_size(jpeg: bytes) -> bytes:
    """The rendition at exactly 1200×630, as the page's og:image:width/height say.

    Wagtail's fill rounds (a 1200×675 cover comes out 1200×631) and never enlarges a smaller original:
    anything but the exact size is fitted again around the centre of what the rendition kept.
    """
    from PIL import Image, ImageOps

    image = Image.open(io.BytesIO(jpeg))
    if image.size == SIZE:
        return jpeg
    image = ImageOps.fit(image.convert("RGB"), SIZE, method=Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def render_share_image(page) -> tuple[bytes, str]:
    """(bytes, extension) of the page's share image, drawn or cropped now."""
    if getattr(page, "lead_image_id", None):
        rendition = page.lead_image.get_rendition(LEAD_FILTER)
        with rendition.file.open("rb") as file:
            return exactly_share_size(file.read()), "jpg"
    with translation.override(page.locale.language_code):
        kicker, footer = card_facts(page)
        site = str(settings.WAGTAIL_SITE_NAME)
        return draw_card(page.title, kicker, footer, site, page.translation_key.hex), "png"


# --- the view ---------------------------------------------------------------------------------------


@require_safe
def share_image(request, page_id: str, key: str, ext: str):
    """The stored picture; on a miss, the page's current picture is made and stored first.

    A key that is not the page's current one redirects to the current picture (a title changed after a
    network read the old URL); unknown, unpublished and private pages are 404.
    """
    page_id = int(page_id)
    name = storage_name(page_id, key, ext)
    if not default_storage.exists(name):
        page = Page.objects.live().public().filter(pk=page_id).select_related("locale").first()
        if page is None:
            raise Http404
        page = page.specific
        current_key, current_ext = share_key(page)
        if (current_key, current_ext) != (key, ext):
            return HttpResponseRedirect(share_image_path(page))
        data, ext = render_share_image(page)
        saved = default_storage.save(name, ContentFile(data))
        if saved != name:  # another request stored it first
            default_storage.delete(saved)
        remove_older(page_id, keep=name)
        response = HttpResponse(data, content_type=CONTENT_TYPES[ext])
    else:
        with default_storage.open(name, "rb") as file:
            response = HttpResponse(file.read(), content_type=CONTENT_TYPES[ext])
    # The URL changes with the picture: anyone may keep it for a year.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def remove_older(page_id: int, keep: str | None) -> None:
    """Drop the page's earlier pictures (a title changed); storage errors only cost disk space."""
    remove_pictures({page_id}, keep=keep)


def remove_pictures(page_ids: set[int], keep: str | None = None) -> None:
    """Drop every stored picture of these pages but `keep`, listing the folder once."""
    try:
        _dirs, files = default_storage.listdir(FOLDER)
    except (FileNotFoundError, NotImplementedError, OSError):
        return
    for file in files:
        name = f"{FOLDER}/{file}"
        page_id = file.split("-", 1)[0]
        if page_id.isdigit() and int(page_id) in page_ids and name != keep:
            try:
                default_storage.delete(name)
            except OSError:
                logger.warning("Could not remove the old share image %s", name)


def page_withdrawn(sender, instance, **kwargs):
    """An unpublished or deleted page has no share image any more (the view answers 404 once the file
    is gone; a page published again gets its picture drawn anew)."""
    if isinstance(instance, Page) and instance.pk:
        remove_pictures({instance.pk})


def restriction_added(sender, instance, raw=False, **kwargs):
    """A page made private, and the pages under it, keep no public picture (the view checks `public()`)."""
    if not raw:
        remove_pictures(set(instance.page.get_descendants(inclusive=True).values_list("pk", flat=True)))


def connect():
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import PageViewRestriction
    from wagtail.signals import page_unpublished

    page_unpublished.connect(page_withdrawn, dispatch_uid="share-images-unpublished")
    # Once per page: deleting a specific page deletes its `Page` row too, which is the one to follow.
    post_delete.connect(page_withdrawn, sender=Page, dispatch_uid="share-images-deleted")
    post_save.connect(restriction_added, sender=PageViewRestriction, dispatch_uid="share-images-private")
