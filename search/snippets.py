"""Result snippets with the matched words marked, for Chinese and English alike."""

from __future__ import annotations

import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from search.segmentation import CJK_RUN, LATIN_WORD

WINDOW = 90


def page_text(page) -> str:
    """The readable text of the fields a page is searched by (summary, credits, contact …), then its body."""
    from wagtail.search import index

    names = [
        field.field_name
        for field in page.get_search_fields()
        if isinstance(field, index.SearchField) and field.field_name not in ("title", "body")
    ]
    parts = [value for name in names if isinstance(value := getattr(page, name, ""), str)]
    body = getattr(page, "body", None)
    if body is not None:
        for block in body:
            parts.append(strip_tags(str(block.render())))
    return re.sub(r"\s+", " ", " ".join(parts)).strip()


def highlight_pattern(query: str) -> re.Pattern | None:
    """Chinese runs match as typed; Latin words match as word starts (so 'exchange' marks 'exchanges')."""
    pieces = [re.escape(run) for run in CJK_RUN.findall(query)]
    pieces += [
        rf"\b{re.escape(word[: max(4, len(word) - 2)])}\w*" for word in LATIN_WORD.findall(CJK_RUN.sub(" ", query))
    ]
    if not pieces:
        return None
    return re.compile("|".join(sorted(pieces, key=len, reverse=True)), re.IGNORECASE)


def mark(text: str, pattern: re.Pattern | None) -> SafeString:
    if pattern is None:
        return escape(text)
    out, position = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[position : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


def snippet(page, pattern: re.Pattern | None) -> SafeString:
    """About WINDOW characters around the first match, or the start of the page's text."""
    text = page_text(page)
    match = pattern.search(text) if pattern else None
    if match is None:
        cut = text[: WINDOW * 2]
        return mark(cut + ("…" if len(text) > len(cut) else ""), pattern)
    start = max(0, match.start() - WINDOW // 2)
    end = min(len(text), match.end() + WINDOW)
    return mark(("…" if start else "") + text[start:end] + ("…" if end < len(text) else ""), pattern)
