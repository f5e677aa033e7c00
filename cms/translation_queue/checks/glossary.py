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


def missing_terms(
    source: str, target: str, glossary: Iterable[tuple[str, str]], *, source_is_english: bool = True
) -> list[tuple[str, str]]:
    """The (English, Chinese) terms whose source-side term occurs in the source and whose other side
    does not occur in the target. Longest terms first, and what a longer term covered is not read again:
    "Ministry of Education" inside "China Center … Ministry of Education" is that term's business."""
    missing = []
    rest_of_source, folded_target = fold(source), fold(target)
    side = 0 if source_is_english else 1
    for pair in sorted({p for p in glossary if p[0] and p[1]}, key=lambda p: -len(p[side])):
        english, chinese = pair
        if source_is_english:
            pattern = _english_pattern(english)
            found_in_source = pattern.search(rest_of_source) is not None
            found_in_target = fold(chinese) in folded_target
        else:
            pattern = re.compile(re.escape(fold(chinese)))
            found_in_source = pattern.search(rest_of_source) is not None
            found_in_target = _english_pattern(english).search(folded_target) is not None
        if not found_in_source:
            continue
        rest_of_source = pattern.sub(PLACEHOLDER, rest_of_source)
        if not found_in_target:
            missing.append(pair)
    return missing
