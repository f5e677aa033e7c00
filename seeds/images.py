"""Pictures the seed makes itself: a mark for each organization and a cover for each release and program.

Nothing is downloaded. Each picture is drawn with Pillow from the page's names in English and Chinese
(the Chinese from the shipped PO files or the release's own Chinese version), set in Noto Sans CJK from
Debian's fonts-noto-cjk, and stored through Wagtail's image model like any upload. Drawing happens while
the seed reads its sources, before the database is touched; storing is idempotent: the same drawing is
found by its SHA-1 and reused, a changed drawing replaces the file of the image with the same title.

Covers only repeat the page's title, so the pages mark them decorative (screen readers skip them); the
credit says who made them and is translated like the rest of the page.
"""

from __future__ import annotations

import hashlib
import io
import random
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.core.files.images import ImageFile
from PIL import AvifImagePlugin, ImageDraw, ImageFont
from PIL import Image as PILImage
from wagtail.images import get_image_model

from cms.images import CARD_SPEC, LEAD_SPEC, LOGO_SPEC
from seeds import catalog
from seeds.parsers import SeedSourceError
from seeds.po_import import TRANSLATIONS_DIR, load_memory, normalize
from seeds.renditions import BackgroundRenditions

# libavif's encoder speed for the seed's renditions (0 slowest … 10 fastest; Pillow's default is 6). The
# seed's pictures are flat colours and type: at 8 an AVIF is about a third larger than at 6 (still smaller
# than its WebP) and is made about seven times faster (docs/benchmarks.md, "Seed time").
SEED_AVIF_SPEED = 8

CREDIT = "China–Foreign Exchange"
# Translations the seed adds to every page's memory: the covers' credit.
MEMORY = {normalize(CREDIT): "中外交流"}

FONT_FILES = (
    # Debian's fonts-noto-cjk; the .ttc holds JP, KR, SC, TC and HK faces, found by name below.
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)
# White text on each of these passes WCAG AA.
PALETTE = ("#9b2226", "#0f5257", "#283d7a", "#2d6a4f", "#6a2c70", "#7a4419", "#1d4e89", "#8a1c4a")
COVER_SIZE = (1200, 675)
MARK_SIZE = 480
PO_NAMES = {"org": "org-{}", "program": "program-{}", "release": "release-{}"}


@dataclass(frozen=True)
class Drawing:
    title: str  # the image's title in Wagtail's library; how the seed finds it again
    description: str  # English alt text kept on the image itself, for editors reusing it
    png: bytes

    @property
    def sha1(self) -> str:
        return hashlib.sha1(self.png).hexdigest()  # noqa: S324 - Wagtail's own file_hash is SHA-1


def find_font_file() -> Path:
    for name in FONT_FILES:
        if Path(name).is_file():
            return Path(name)
    if shutil.which("fc-match"):
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", "Noto Sans CJK SC:bold"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if found and "CJK" in found and Path(found).is_file():
            return Path(found)
    raise SeedSourceError(
        FONT_FILES[0], "the Noto Sans CJK font is missing: install Debian's fonts-noto-cjk (bash .ci/setup does)"
    )


class Fonts:
    """Noto Sans CJK SC at any size; one face draws both scripts, so Latin and Chinese sit on one baseline."""

    def __init__(self, path: Path):
        self.path = path
        self.index = self._simplified_chinese_index(path)
        self._cache: dict[int, ImageFont.FreeTypeFont] = {}

    @staticmethod
    def _simplified_chinese_index(path: Path) -> int:
        for index in range(10):
            try:
                family, _style = ImageFont.truetype(str(path), 12, index=index).getname()
            except OSError:
                break
            if family.endswith(" SC"):
                return index
        return 0

    def __call__(self, size: int) -> ImageFont.FreeTypeFont:
        if size not in self._cache:
            self._cache[size] = ImageFont.truetype(str(self.path), size, index=self.index)
        return self._cache[size]


def org_colours() -> dict[str, str]:
    """Each organization its own colour, in catalog order; its programs and releases share it."""
    return {org.key: PALETTE[i % len(PALETTE)] for i, org in enumerate(catalog.ORGS)}


def is_chinese(char: str) -> bool:
    return "\u3000" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef"


# Chinese punctuation that may not start a line, and punctuation that may not end one (kinsoku).
NO_LINE_START = set("，。、；：？！）》」』”’…—")
NO_LINE_END = set("（《「『“‘")


def break_units(text: str) -> list[str]:
    """Line-break units: each Chinese character or Latin word, punctuation kept with its neighbour."""
    units: list[str] = []
    word = opening = ""
    for char in text:
        if not (is_chinese(char) or char == " "):
            word += char
            continue
        if word:
            units.append(opening + word)
            word = opening = ""
        if char == " ":
            if units:
                units[-1] += " "
        elif char in NO_LINE_START and units:
            units[-1] += char
        elif char in NO_LINE_END:
            opening += char
        else:
            units.append(opening + char)
            opening = ""
    if word or opening:
        units.append(opening + word)
    return units


def wrap(text: str, font, width: int) -> list[str]:
    """Balanced lines no wider than `width`: as many lines as greedy wrapping needs, but evened out.

    Greedy wrapping leaves a lone character on the last line of a Chinese title; narrowing the
    measure until one more line would be needed spreads the words evenly instead.
    """
    units = break_units(text)

    def greedy(limit):
        lines, line = [], ""
        for unit in units:
            if line and font.getlength((line + unit).rstrip()) > limit:
                lines.append(line.rstrip())
                line = unit
            else:
                line += unit
        return [*lines, line.rstrip()] if line else lines

    lines = greedy(width)
    low, high = width // 3, width
    while low < high:  # the narrowest measure that keeps the same number of lines
        middle = (low + high) // 2
        if len(greedy(middle)) <= len(lines):
            high = middle
        else:
            low = middle + 1
    return greedy(high)


def fit(text: str, fonts: Fonts, width: int, max_lines: int, sizes: range) -> tuple[list[str], ImageFont.FreeTypeFont]:
    """The largest size in `sizes` at which `text` wraps into at most `max_lines` lines of `width`."""
    for size in sizes:
        lines = wrap(text, fonts(size), width)
        if len(lines) <= max_lines and all(fonts(size).getlength(line) <= width for line in lines):
            return lines, fonts(size)
    smallest = fonts(sizes[-1])
    return wrap(text, smallest, width), smallest


def draw_rings(draw: ImageDraw.ImageDraw, rng: random.Random, size: tuple[int, int], colour: str) -> None:
    """Interlocking rings, the exchange motif: pairs of circles that overlap, scattered from the key."""
    width, height = size
    for _ in range(7):
        radius = rng.randint(height // 6, height // 2)
        x, y = rng.randint(-radius // 2, width), rng.randint(-radius // 2, height)
        offset = int(radius * 1.2)
        for cx in (x, x + offset):
            draw.ellipse((cx - radius, y - radius, cx + radius, y + radius), outline=colour, width=max(4, radius // 14))


def to_png(image: PILImage.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def draw_cover(fonts: Fonts, key: str, ground: str, label: str, english: str, chinese: str) -> bytes:
    width, height = COVER_SIZE
    image = PILImage.new("RGB", COVER_SIZE, ground)
    draw = ImageDraw.Draw(image, "RGBA")
    draw_rings(draw, random.Random(key), COVER_SIZE, (255, 255, 255, 34))
    # A darker band behind the words keeps them readable over the rings.
    draw.rectangle((0, height * 0.34, width, height), fill=(0, 0, 0, 70))
    margin = 72
    draw.text((margin, margin), label, font=fonts(30), fill="white")
    measure = width - 2 * margin
    y = height * 0.34 + 40
    if chinese:
        lines, font = fit(chinese, fonts, measure, 2, range(68, 40, -4))
        for line in lines:
            draw.text((margin, y), line, font=font, fill="white")
            y += font.size * 1.3
        y += 14
    lines, font = fit(english, fonts, measure, 3, range(40 if chinese else 60, 24, -2))
    for line in lines:
        draw.text((margin, y), line, font=font, fill=(255, 255, 255, 230))
        y += font.size * 1.3
    return to_png(image)


def draw_mark(fonts: Fonts, ground: str, initials: str, chinese: str) -> bytes:
    size = MARK_SIZE
    image = PILImage.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image, "RGBA")
    draw.ellipse((8, 8, size - 8, size - 8), fill=ground)
    draw.ellipse((40, 40, size - 40, size - 40), outline=(255, 255, 255, 90), width=6)
    lines, font = fit(initials, fonts, int(size * 0.62), 1, range(150, 40, -6))
    centre = size // 2
    draw.text((centre, centre - (30 if chinese else 0)), lines[0], font=font, fill="white", anchor="mm")
    if chinese:
        name_lines, name_font = fit(chinese, fonts, int(size * 0.56), 2, range(44, 18, -2))
        y = centre + font.size * 0.45
        for line in name_lines:
            draw.text((centre, y), line, font=name_font, fill="white", anchor="mt")
            y += name_font.size * 1.25
    return to_png(image)


def initials_of(short_name: str) -> str:
    """The acronym of a short name: 'CSTVE International Department' -> 'CSTVE'."""
    first = short_name.split()[0] if short_name else ""
    return first if first.isupper() else "".join(word[0] for word in short_name.split() if word[0].isupper())


@contextmanager
def fast_avif_encoding(speed: int = SEED_AVIF_SPEED):
    """AVIF files written while this runs are encoded at `speed`, unless the caller asks for one.

    Wagtail passes no speed to Pillow (willow's save_as_avif takes a quality only), so the default is set
    around Pillow's AVIF writer, and put back afterwards: uploads keep Pillow's default.
    """
    original = PILImage.SAVE[AvifImagePlugin.AvifImageFile.format]

    def save(image, fp, filename):
        image.encoderinfo = {"speed": speed, **image.encoderinfo}
        original(image, fp, filename)

    PILImage.register_save(AvifImagePlugin.AvifImageFile.format, save)
    try:
        yield
    finally:
        PILImage.register_save(AvifImagePlugin.AvifImageFile.format, original)


class SeedImages:
    """Draws every picture when the seed loads its sources; stores them inside the seed's transaction."""

    def __init__(self, drawings: dict[tuple[str, str], Drawing]):
        self.drawings = drawings
        self.renditions: BackgroundRenditions | None = None

    @contextmanager
    def renditions_alongside(self) -> Iterator[None]:
        """Images stored while this runs get their renditions encoded beside the build (seeds/renditions.py);
        the renditions are stored when the block ends without an error."""
        renditions = BackgroundRenditions()
        with fast_avif_encoding():
            self.renditions = renditions
            try:
                yield
                renditions.store()
            finally:
                self.renditions = None
                renditions.close()

    @classmethod
    def draw(cls, documents) -> SeedImages:
        fonts = Fonts(find_font_file())
        colours = org_colours()
        drawings = {}
        for org in catalog.ORGS:
            names = _chinese_names("org", org.key)
            initials = initials_of(org.short_name)
            png = draw_mark(fonts, colours[org.key], initials, names.get(normalize(org.title), ""))
            drawings["org", org.key] = Drawing(f"Mark: {org.short_name}", f"{initials} mark", png)
        org_initials = {org.key: initials_of(org.short_name) for org in catalog.ORGS}
        for program in catalog.PROGRAMS:
            chinese = _chinese_names("program", program.key).get(normalize(program.title), "")
            label = f"PROGRAM 项目 · {org_initials[program.org]}"
            png = draw_cover(fonts, program.key, colours[program.org], label, program.title, chinese)
            drawings["program", program.key] = Drawing(f"Cover: {program.title}", program.title, png)
        for release in catalog.RELEASES:
            doc = documents[release.source]
            chinese = doc.zh_title or _chinese_names("release", release.key).get(normalize(doc.title), "")
            label = f"NEWS 新闻 · {release.date:%Y-%m-%d}"
            ground = colours[release.related_orgs[0]] if release.related_orgs else PALETTE[-1]
            png = draw_cover(fonts, release.key, ground, label, doc.title, chinese)
            drawings["release", release.key] = Drawing(f"Cover: {doc.title}"[:255], doc.title, png)
        return cls(drawings)

    def logo(self, org_key: str):
        return self._store(self.drawings["org", org_key], LOGO_SPEC)

    def cover_fields(self, kind: str, key: str) -> dict:
        """Lead-image fields of a release or program page: the cover, decorative, credited to the site."""
        return {
            "lead_image": self._store(self.drawings[kind, key], LEAD_SPEC, CARD_SPEC),
            "lead_image_decorative": True,
            "lead_image_alt": "",
            "lead_image_caption": "",
            "lead_image_credit": CREDIT,
        }

    def _store(self, drawing: Drawing, *specs: str):
        """The image for `drawing`; the renditions the templates show are made before the build commits."""
        images = get_image_model().objects
        image = images.filter(file_hash=drawing.sha1).first() or images.filter(title=drawing.title).first()
        if image is not None and image.file_hash == drawing.sha1:
            self.renditions.add(image, drawing.png, *specs)
            return image
        if image is None:
            image = get_image_model()(title=drawing.title)
        else:  # drawn anew: the old file and its renditions show the old picture
            image.renditions.all().delete()
            image.file.delete(save=False)
        slug = hashlib.sha1(drawing.title.encode()).hexdigest()[:10]  # noqa: S324 - a file name, not security
        image.file = ImageFile(io.BytesIO(drawing.png), name=f"seed-{slug}.png")
        image.description = drawing.description
        image._set_image_file_metadata()
        image.save()
        self.renditions.add(image, drawing.png, *specs)
        return image


def _chinese_names(kind: str, key: str) -> dict[str, str]:
    path = TRANSLATIONS_DIR / "zh_Hans" / f"{PO_NAMES[kind].format(key)}.po"
    return load_memory(path) if path.exists() else {}
