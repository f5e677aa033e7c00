"""Consistency across the site, both directions (memoQ's check): the same English translated
differently elsewhere, and the same Chinese used for different English."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.utils.translation import ngettext

from .base import Finding, Severity
from .text import fold, plain_text

MAX_SHOWN = 3


def _key(text: str) -> str:
    """Segments compare as a reader sees them: tags, case, width and spacing do not make them differ."""
    return fold(plain_text(text))


def _quote(texts: list[str]) -> str:
    shown = " · ".join(f"“{text}”" for text in texts[:MAX_SHOWN])
    return shown + (" …" if len(texts) > MAX_SHOWN else "")


def check_consistency(pairs: Iterable[tuple[str, str, str]]) -> dict[str, list[Finding]]:
    """pairs: (key, English, Chinese) for every translated segment. Findings per key, warnings only."""
    by_english: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    by_chinese: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for key, english, chinese in pairs:
        if not (english or "").strip() or not (chinese or "").strip():
            continue
        en, zh = _key(english), _key(chinese)
        if en == zh:
            continue  # a name or code kept as it is says nothing about consistency
        by_english[en][zh].append((key, plain_text(chinese).strip()))
        by_chinese[zh][en].append((key, plain_text(english).strip()))

    findings: dict[str, list[Finding]] = defaultdict(list)
    for groups, code, message in (
        (by_english, "inconsistent_target", "same_english"),
        (by_chinese, "inconsistent_source", "same_chinese"),
    ):
        for variants in groups.values():
            if len(variants) < 2:
                continue
            for variant, members in variants.items():
                others = [texts[0][1] for other, texts in variants.items() if other != variant]
                count = sum(len(texts) for other, texts in variants.items() if other != variant)
                for key, _text in members:
                    findings[key].append(Finding(code, Severity.WARNING, _message(message, count), _quote(others)))
    return dict(findings)


def _message(kind: str, count: int) -> str:
    if kind == "same_english":
        return ngettext(
            "The same English is translated differently in %(count)d other segment.",
            "The same English is translated differently in %(count)d other segments.",
            count,
        ) % {"count": count}
    return ngettext(
        "The same Chinese translates different English in %(count)d other segment.",
        "The same Chinese translates different English in %(count)d other segments.",
        count,
    ) % {"count": count}
