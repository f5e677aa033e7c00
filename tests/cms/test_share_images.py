"""Share images as a social network fetches them: 1200×630, the page's own words drawn in its language,
made on first request and kept as a file, a new picture (and URL) when the title changes, the lead image
where a page has one."""

import datetime
import io
import re
import time

import pytest
from django.core.files.storage import default_storage
from PIL import Image, ImageChops

from cms.share_images import SIZE, draw_card
from cms.translation_queue.gate import open_door
from news.models import NewsIndexPage, NewsPage
from orgs.models import OrganizationPage


def og_image(client, url):
    html = client.get(url).content.decode()
    return re.search(r'<meta property="og:image" content="http://testserver([^"]+)">', html).group(1)


def fetch_image(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert "immutable" in response["Cache-Control"]
    return response, Image.open(io.BytesIO(response.content))


def differing_pixels(a, b, box=None):
    diff = ImageChops.difference(a.convert("RGB"), b.convert("RGB"))
    if box:
        diff = diff.crop(box)
    # Pixels where any channel differs by more than 40 (of 255): the brightest band over a threshold.
    red, green, blue = diff.split()
    strongest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    return strongest.point(lambda value: 255 if value > 40 else 0).histogram()[255]


def test_card_is_drawn_once_then_read_from_storage(client, seeded, django_assert_num_queries):
    path = og_image(client, "/en/organizations/uniccc/")
    assert path.endswith(".png")
    started = time.perf_counter()
    response, image = fetch_image(client, path)
    elapsed = time.perf_counter() - started
    assert response["Content-Type"] == "image/png"
    assert image.size == SIZE == (1200, 630)
    assert elapsed < 5  # drawn on the first request (about 0.1–0.3 s on the CI machine)
    name = "share/" + path.rsplit("/", 1)[1]
    assert default_storage.exists(name)
    with django_assert_num_queries(0):  # later requests read the stored file
        again = client.get(path)
    assert again.content == response.content


def test_the_title_is_drawn_in_the_pages_language(client, seeded):
    english, chinese = (
        fetch_image(client, og_image(client, f"/{lang}/organizations/uniccc/"))[1] for lang in ("en", "zh-hans")
    )
    assert english.size == chinese.size == SIZE
    # The same page in another language is another picture: the words differ, the design is the same.
    title_band = (72, 150, 1128, 480)
    assert differing_pixels(english, chinese, title_band) > 2000

    # And the difference is the title: the same card drawn with another title differs where the title is.
    page = OrganizationPage.objects.get(locale__language_code="en", slug="uniccc")
    seed = page.translation_key.hex
    ours = Image.open(io.BytesIO(draw_card(page.title, "x", "", "site", seed)))
    other = Image.open(io.BytesIO(draw_card("Another title entirely", "x", "", "site", seed)))
    same = Image.open(io.BytesIO(draw_card(page.title, "x", "", "site", seed)))
    assert differing_pixels(ours, same) == 0
    assert differing_pixels(ours, other, title_band) > 2000
    assert differing_pixels(ours, other, (0, 560, 1200, 630)) == 0  # the footer did not move


def test_a_new_title_gives_a_new_picture_and_the_old_url_follows(client, seeded):
    page = OrganizationPage.objects.get(locale__language_code="en", slug="uniccc")
    old_path = og_image(client, "/en/organizations/uniccc/")
    _response, old = fetch_image(client, old_path)
    page.title = "United Nations Intercultural Communication Centre"
    page.save_revision().publish()
    new_path = og_image(client, "/en/organizations/uniccc/")
    assert new_path != old_path
    _response, new = fetch_image(client, new_path)
    assert differing_pixels(old, new) > 1000
    assert not default_storage.exists("share/" + old_path.rsplit("/", 1)[1])  # the old file is dropped
    redirect = client.get(old_path)
    assert redirect.status_code == 302 and redirect["Location"] == new_path


def test_a_release_with_a_lead_image_shares_it_cropped(client, seeded):
    release = NewsPage.objects.get(locale__language_code="zh-hans", slug="guangzhou-education-innovation-zone")
    assert release.lead_image_id
    path = og_image(client, "/zh-hans/news/guangzhou-education-innovation-zone/")
    assert path.endswith(".jpg")
    response, image = fetch_image(client, path)
    assert response["Content-Type"] == "image/jpeg" and image.size == SIZE
    # It is the cover, cropped to the same box around its centre.
    with release.lead_image.file.open("rb") as file:
        cover = Image.open(file).convert("RGB")
    cover = cover.resize((SIZE[0], round(cover.height * SIZE[0] / cover.width)))
    top = (cover.height - SIZE[1]) // 2
    cover = cover.crop((0, top, SIZE[0], top + SIZE[1]))
    assert differing_pixels(image, cover) < SIZE[0] * SIZE[1] * 0.05


def test_a_release_without_image_gets_a_card_with_its_date(client, seeded):
    index = NewsIndexPage.objects.get(locale__language_code="en")
    release = NewsPage(
        title="Exchange week opens",
        slug="exchange-week-opens",
        date=datetime.date(2031, 3, 4),
        summary="A week of exchange.",
        body=[("paragraph", "<p>Text.</p>")],
    )
    index.add_child(instance=release)
    release.save_revision().publish()
    _response, image = fetch_image(client, og_image(client, "/en/news/exchange-week-opens/"))
    assert image.size == SIZE and image.format == "PNG"
    release.date = datetime.date(2031, 3, 5)
    release.save_revision().publish()
    _response, moved = fetch_image(client, og_image(client, "/en/news/exchange-week-opens/"))
    assert differing_pixels(image, moved, (0, 500, 700, 630)) > 0  # only the date line changed
    assert differing_pixels(image, moved, (0, 150, 1200, 480)) == 0


@pytest.mark.parametrize(
    "path",
    ["/share/999999-0123456789abcdef.png", "/share/1-zzzz.png", "/share/1-0123456789abcdef.gif"],
)
def test_unknown_pictures_are_404(client, seeded, path):
    assert client.get(path).status_code == 404


def test_no_picture_for_an_unpublished_page(client, seeded):
    page = OrganizationPage.objects.get(locale__language_code="zh-hans", slug="uniccc")
    path = og_image(client, "/zh-hans/organizations/uniccc/")
    fetch_image(client, path)  # stored now, and served from storage from here on
    with open_door():
        page.unpublish()
    assert client.get(path).status_code == 404


def test_no_picture_for_a_page_made_private(client, seeded):
    from wagtail.models import PageViewRestriction

    path = og_image(client, "/en/organizations/uniccc/")
    fetch_image(client, path)  # stored now, and served from storage from here on
    page = OrganizationPage.objects.get(locale__language_code="en", slug="uniccc")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert client.get(path).status_code == 404
