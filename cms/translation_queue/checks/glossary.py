"""Agreed terms: an English term found in the source asks for its agreed Chinese in the target.

The queue row's count (terminology.py, which reads the glossary from the database) uses this too:
the English is matched case-insensitively on word boundaries; the Chinese is found after folding
full-width and half-width forms (（黄埔） is (黄埔)). In the zh→en direction the roles swap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .text import PLACEHOLDER, fold


def _english_pattern(term: str) -> re.Pattern:
    return re.compile(rf"(?<!\w){re.escape(fold(term))}(?!\w)")


def terms_in(
    source: str, glossary: Iterable[tuple[str, str]], *, source_is_english: bool = True
) -> list[tuple[str, str]]:
    """The (English, Chinese) terms whose source-side term occurs in the source, longest first; what a
    longer term covered is not read again: "Ministry of Education" inside "China Center … Ministry of
    Education" is that term's business."""
    found = []
    rest_of_source = fold(source)
    side = 0 if source_is_english else 1
    for pair in sorted({p for p in glossary if p[0] and p[1]}, key=lambda p: -len(p[side])):
        english, chinese = pair
        pattern = _english_pattern(english) if source_is_english else re.compile(re.escape(fold(chinese)))
        if pattern.search(rest_of_source) is None:
            continue
        rest_of_source = pattern.sub(PLACEHOLDER, rest_of_source)
        found.append(pair)
    return found


def missing_terms(
    source: str, target: str, glossary: Iterable[tuple[str, str]], *, source_is_english: bool = True
) -> list[tuple[str, str]]:
    """The terms found in the source (terms_in) whose other side does not occur in the target."""
    folded_target = fold(target)
    missing = []
    for english, chinese in terms_in(source, glossary, source_is_english=source_is_english):
        if source_is_english:
            found_in_target = fold(chinese) in folded_target
        else:
            found_in_target = _english_pattern(english).search(folded_target) is not None
        if not found_in_target:
            missing.append((english, chinese))
    return missing
