"""Images as content: seeded marks and covers, responsive renditions, and alt text, captions and credits
translated through wagtail-localize like the rest of a page."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from wagtail.images import get_image_model
from wagtail.models import Locale

from cms.translation_queue.gate import open_door
from news.models import NewsPage
from orgs.models import OrganizationPage, ProgramPage
from seeds.po_import import TRANSLATIONS_DIR, load_memory, translate_instance


def release(locale, slug="ciyec-kicec-memorandum"):
    return NewsPage.objects.get(locale=locale, slug=slug)


def append_block(page, block_type, raw_value):
    """Add a block in its stored (JSON) form, as the editor's form would save it."""
    page.body = json.dumps([*page.body.raw_data, {"type": block_type, "value": raw_value}])


def test_seed_gives_every_organization_a_mark_and_every_release_and_program_a_cover(seeded):
    for page in OrganizationPage.objects.all():
        assert page.logo is not None, page
        assert page.logo.width == page.logo.height == 480
    for page in [*NewsPage.objects.all(), *ProgramPage.objects.all()]:
        assert page.lead_image is not None, page
        assert (page.lead_image.width, page.lead_image.height) == (1200, 675)
        # The cover only repeats the title: decorative, so screen readers skip it; the credit is translated.
        assert page.lead_image_decorative and page.lead_image_alt_text == ""
    assert release(seeded["zh"]).lead_image_credit == "中外交流"
    # One image per organization, program and release, shared by both languages (synchronized).
    assert get_image_model().objects.count() == 6 + 7 + 2


def test_release_page_serves_avif_and_webp_with_sizes_set(client, seeded):
    html = client.get("/en/news/ciyec-kicec-memorandum/").content.decode()
    picture = re.search(r"<picture>.*?</picture>", html, re.S).group(0)
    assert 'type="image/avif"' in picture and 'type="image/webp"' in picture
    assert re.search(r'srcset="[^"]+ 480w, [^"]+ 800w, [^"]+ 1200w"', picture)
    img = re.search(r"<img [^>]+>", picture).group(0)
    assert 'width="' in img and 'height="' in img and 'alt=""' in img
    assert 'loading="lazy"' not in img  # the lead image is above the fold
    assert "Image: China–Foreign Exchange" in html


def test_list_images_are_lazy(client, seeded):
    html = client.get("/en/news/").content.decode()
    cards = re.findall(r'<div class="card-image">(.*?)</div>', html, re.S)
    assert len(cards) == 2
    assert all('loading="lazy"' in card and "fill-400x225" in card for card in cards)


def test_lead_image_needs_alt_text_or_decorative(seeded):
    page = release(seeded["en"])
    page.lead_image_decorative = False
    page.lead_image_alt = ""
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "lead_image_alt" in error.value.message_dict
    page.lead_image_alt = "Two directors shake hands over the signed memorandum"
    page.full_clean()


def test_alt_text_caption_and_credit_are_translated(client, seeded):
    page = release(seeded["en"])
    image = page.lead_image
    page.lead_image_decorative = False
    page.lead_image_alt = "Two directors shake hands over the signed memorandum"
    page.lead_image_caption = "The signing in Beijing"
    page.lead_image_credit = "CIYEC"
    figure = {
        "image": {"image": image.pk, "alt_text": "Young people from both countries", "decorative": False},
        "caption": "A youth exchange camp",
        "attribution": "KICEC",
    }
    append_block(page, "image", figure)
    page.save_revision().publish()

    memory = load_memory(TRANSLATIONS_DIR / "zh_Hans" / "release-ciyec_kicec.po")
    memory.update(
        {
            "Two directors shake hands over the signed memorandum": "两位主任在签署的备忘录前握手",
            "The signing in Beijing": "在北京签约",
            "CIYEC": "中国国际青年交流中心",
            "Young people from both countries": "两国青年",
            "A youth exchange camp": "青年交流营",
            "KICEC": "韩国国际文化交流中心",
        }
    )
    with open_door():  # the seed's import of reviewed translations opens the review door the same way
        result = translate_instance(page, seeded["zh"], memory, source_changed=True)
    assert result.missing == []

    html = client.get("/zh-hans/news/ciyec-kicec-memorandum/").content.decode()
    assert 'alt="两位主任在签署的备忘录前握手"' in html
    assert "在北京签约" in html and "图片：中国国际青年交流中心" in html
    assert 'alt="两国青年"' in html and "青年交流营" in html and "图片：韩国国际文化交流中心" in html
    # The image itself is shared by both languages.
    assert release(Locale.objects.get(language_code="zh-hans")).lead_image_id == image.pk


def test_gallery_block_renders_each_image_with_its_caption(client, seeded):
    page = release(seeded["en"])
    images = list(get_image_model().objects.all()[:2])
    items = [
        {"image": {"image": im.pk, "alt_text": f"Picture {i}", "decorative": False}, "caption": f"Caption {i}"}
        for i, im in enumerate(images)
    ]
    append_block(page, "gallery", {"heading": "Pictures", "images": items})
    page.save_revision().publish()
    html = client.get("/en/news/ciyec-kicec-memorandum/").content.decode()
    gallery = re.search(r'<section class="gallery".*?</section>', html, re.S).group(0)
    assert gallery.count("<picture>") == 2
    assert 'alt="Picture 0"' in gallery and "Caption 1" in gallery and 'loading="lazy"' in gallery
