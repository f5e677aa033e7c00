"""Giving agreed terms to an engine that has no glossary of ours: the term is replaced, before sending, by its
agreed translation inside a tag the engine leaves alone, and the tag is removed from the answer.

Only the terms the segment contains are sent (checks/glossary.terms_in, the same matching the glossary check
uses), so a term covered by a longer one is not replaced twice.
"""

from __future__ import annotations

import re

from ..checks.glossary import terms_in

KEEP_TAG = "keep"  # not an inline tag wagtail-localize produces (a, b, i, br …)


def protect(text: str, glossary: list[tuple[str, str]], source_is_english: bool = True) -> str:
    """'Visit the Ministry of Education.' → 'Visit the <keep>教育部</keep>.' for the terms found in text."""
    for english, chinese in terms_in(text, glossary, source_is_english=source_is_english):
        term, agreed = (english, chinese) if source_is_english else (chinese, english)
        pattern = rf"(?<!\w){re.escape(term)}(?!\w)" if source_is_english else re.escape(term)
        replacement = f"<{KEEP_TAG}>{agreed}</{KEEP_TAG}>"
        text = re.sub(pattern, lambda _match, r=replacement: r, text, flags=re.IGNORECASE)
    return text


def unprotect(text: str) -> str:
    return re.sub(rf"</?{KEEP_TAG}\s*/?>", "", text)
