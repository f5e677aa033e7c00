"""What a seed run would take off the site: pages, body sections and paragraphs, in every language.

The seed builds inside one transaction. Before it commits, the live site as built is compared with
the live site as it was; whatever would go (a page, a section of a body, paragraphs, a section's
points) is listed, and the builder refuses to commit it unless removals were allowed. Comparing the
result rather than the source texts catches the Chinese pages too, as wagtail-localize leaves them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

_PARAGRAPH = re.compile(r"<p[\s>]")


class RemovalRefused(Exception):
    """The seed would remove content from the site and removals were not allowed."""

    def __init__(self, removals: list[str]):
        self.removals = removals
        super().__init__(f"the seed would remove {len(removals)} thing(s) from the site")


@dataclass
class SectionContent:
    heading: str
    paragraphs: int = 0  # paragraphs of its introduction
    points: int = 0

    def size(self) -> str:
        return f"{_plural(self.paragraphs, 'paragraph', 'paragraphs')}, {_plural(self.points, 'point', 'points')}"


@dataclass
class PageContent:
    label: str  # where a reader finds it: URL, language and title
    paragraphs: int = 0
    sections: list[SectionContent] = field(default_factory=list)


def _count_paragraphs(html: str) -> int:
    return len(_PARAGRAPH.findall(html or ""))


def page_content(page) -> PageContent:
    url = page.get_url() or page.url_path
    content = PageContent(f"{url} ({page.locale.language_code}) “{page.title}”")
    body = getattr(page, "body", None)
    if body is None or not hasattr(body, "raw_data"):
        return content
    for block in body.raw_data:
        if block["type"] == "paragraph":
            content.paragraphs += max(1, _count_paragraphs(block["value"]))
        elif block["type"] == "section":
            value = block["value"]
            content.sections.append(
                SectionContent(
                    value.get("heading", ""), _count_paragraphs(value.get("intro", "")), len(value.get("items") or [])
                )
            )
    return content


def site_content() -> dict[int, PageContent]:
    """Every live page below the root, by id; not Wagtail's placeholder "Welcome" page (a plain Page),
    which the first seed replaces with the home page."""
    pages = (
        Page.objects.live()
        .filter(depth__gt=1)
        .exclude(content_type=ContentType.objects.get_for_model(Page))
        .select_related("locale")
        .specific()
    )
    return {page.pk: page_content(page) for page in pages}


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def removals(before: dict[int, PageContent], after: dict[int, PageContent]) -> list[str]:
    """One line per thing that is on the site in `before` and gone in `after`."""
    lines = []
    for page_id, old in before.items():
        new = after.get(page_id)
        if new is None:
            lines.append(f"{old.label}: the whole page")
            continue
        lines += [f"{old.label}: {line}" for line in _section_removals(old.sections, new.sections)]
        if new.paragraphs < old.paragraphs:
            lost = old.paragraphs - new.paragraphs
            lines.append(f"{old.label}: {lost} of {old.paragraphs} paragraphs")
    return lines


def _section_removals(old: list[SectionContent], new: list[SectionContent]) -> list[str]:
    """Sections are matched in order by heading; a renamed heading in the same place is not a removal."""
    lines = []
    matcher = SequenceMatcher(a=[s.heading for s in old], b=[s.heading for s in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        kept = list(zip(old[i1:i2], new[j1:j2], strict=False)) if tag in ("equal", "replace") else []
        for section in old[i1 + len(kept) : i2]:
            lines.append(f"section “{section.heading}” ({section.size()})")
        for before, after in kept:
            if after.points < before.points:
                lines.append(f"{before.points - after.points} of {before.points} points of section “{before.heading}”")
            if after.paragraphs < before.paragraphs:
                lost = before.paragraphs - after.paragraphs
                lines.append(f"{lost} of {before.paragraphs} paragraphs of section “{before.heading}”")
    return lines
