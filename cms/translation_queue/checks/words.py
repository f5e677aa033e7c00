"""Checks on the words of a segment: untranslated, repeated words, length."""

from __future__ import annotations

import logging
import re
from functools import cache

from . import identifiers
from .text import CJK_RUN, LATIN_WORD, PLACEHOLDER, cjk_count, fold

# Chinese characters ÷ English characters (runs of spaces as one, an acronym's letters weighted, see
# english_length), measured on the seeded parallel texts: 135 segments of 40+ characters, median 0.23
# (tests/translation_queue/test_checks.py::test_length_ratio_bounds_fit_the_seeded_texts).
# - 40 to 99 characters (names, headings, one sentence): 0.10 (China National Children's Center
#   (CNCC) = 中国儿童中心) to 0.36; names spelled out with their acronym vary most.
# - 100 characters or more: 0.18 to 0.33, median 0.24.
# Bounds sit outside what was seen, by a margin: (shortest English length, lowest, highest).
RATIO_BOUNDS = ((100, 0.14, 0.45), (40, 0.07, 0.55))
RATIO_MIN_LENGTH = 40  # English characters; shorter segments (labels, single names) are not judged

# Latin words that may legitimately come twice: "had had", "that that", Bora Bora.
REPEAT_OK = {"had", "that", "bora", "walla", "ha", "bye", "no"}
# Single-character words that never double in Chinese; 的的 is a slip (我的的书), 目的的 and 的的确确 are
# not, and segmentation tells them apart. Longer words doubled (我们我们) are slips too; verb
# reduplication (研究研究) is colloquial and rare in our texts, so it is flagged for a look.
CHINESE_PARTICLES = set("的了是在和与及或对把被将为也都就并而但从向于以之其")


@cache
def _cutter():
    try:
        import rjieba

        return rjieba.cut
    except ImportError:  # pragma: no cover - rjieba is a dependency of the project
        import jieba

        jieba.setLogLevel(logging.WARNING)
        return jieba.lcut


def chinese_length(text: str) -> int:
    return len(re.sub(r"\s", "", identifiers.mask(text)))


# An acronym stands for a name that Chinese writes out in full (CIYEC: 中国国际青年交流中心): each of
# its letters counts as a word of the name would (about six characters with its space).
ACRONYM = re.compile(r"\b[A-Z]{2,}s?\b")
ACRONYM_LETTER_WEIGHT = 6


def english_length(text: str) -> int:
    text = re.sub(r"\s+", " ", identifiers.mask(text)).strip()
    return len(text) + sum(len(m.group()) * (ACRONYM_LETTER_WEIGHT - 1) for m in ACRONYM.finditer(text))


def ratio_bounds(english: str) -> tuple[float, float] | None:
    """The usual range of the Chinese ÷ English ratio for an English text of this length, if judged."""
    length = english_length(english)
    return next(((low, high) for shortest, low, high in RATIO_BOUNDS if length >= shortest), None)


def length_ratio(english: str, chinese: str) -> float | None:
    """Chinese characters ÷ English characters, or None for a segment too short to judge."""
    length = english_length(english)
    if length < RATIO_MIN_LENGTH or not chinese.strip():
        return None
    return chinese_length(chinese) / length


def repeated_words(text: str, source: str = "") -> list[str]:
    """Words written twice in a row ("the the", 我们我们, 的的) that the source does not repeat too."""
    found = []
    for match in re.finditer(r"(?<![\w'’-])([A-Za-z]+)\s+(\1)(?![\w'’-])", text, re.IGNORECASE):
        word = match.group(1).lower()
        if word in REPEAT_OK or re.search(rf"\b{word}\s+{word}\b", source, re.IGNORECASE):
            continue
        found.append(match.group())
    for run in CJK_RUN.findall(text):
        words = _cutter()(run)
        for first, second in zip(words, words[1:], strict=False):
            if first == second and (len(first) >= 2 or first in CHINESE_PARTICLES) and first * 2 not in source:
                found.append(first + second)
    return found


def only_names_or_codes(text: str) -> bool:
    """Nothing a translator should change: acronyms (CIYEC, G20), numbers, URLs, e-mail addresses."""
    rest = identifiers.mask(text).replace(PLACEHOLDER, " ")
    words = LATIN_WORD.findall(rest)
    return all(word.isupper() or any(ch.isdigit() for ch in word) for word in words) and not cjk_count(rest)


def has_lowercase_words(text: str) -> bool:
    """At least one ordinary word: a lowercase word of two letters or more (not just Names In Title Case)."""
    words = LATIN_WORD.findall(identifiers.mask(text))
    return any(len(word) >= 2 and word[0].islower() for word in words)


def same_text(source: str, target: str) -> bool:
    return fold(source) == fold(target)
