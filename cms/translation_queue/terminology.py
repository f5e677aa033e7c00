"""Terminology check: a segment whose English contains a glossary term but whose translation lacks the
agreed target term."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import strip_tags


@dataclass(frozen=True)
class TermIssue:
    source: str
    translation: str
    term: str
    expected: str


def glossary_pairs(target_locale) -> list[tuple[str, str]]:
    """[(English term, agreed target term)] for terms translated into target_locale, longest first."""
    from wagtail.models import Locale

    from .models import GlossaryTerm

    default = Locale.get_default()
    terms = GlossaryTerm.objects.filter(live=True, locale__in=[default, target_locale]).values_list(
        "translation_key", "locale_id", "term"
    )
    english, target = {}, {}
    for key, locale_id, term in terms:
        (english if locale_id == default.id else target)[key] = term
    pairs = [(english[key], target[key]) for key in english if key in target]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def _fold(text: str) -> str:
    """Full-width and half-width punctuation compare equal: （黄埔） is (黄埔)."""
    return unicodedata.normalize("NFKC", text).casefold()


def _contains(text: str, term: str) -> bool:
    return re.search(rf"(?<![\w]){re.escape(term)}(?![\w])", text, re.IGNORECASE) is not None


def check_segments(pairs_of_text, target_locale) -> list[TermIssue]:
    """pairs_of_text: [(English segment, translation)]. Returns the segments that miss an agreed term."""
    glossary = glossary_pairs(target_locale)
    issues = []
    for source, translation in pairs_of_text:
        plain_source, plain_translation = strip_tags(source), strip_tags(translation or "")
        comparable = _fold(plain_translation)
        for term, expected in glossary:
            if _contains(plain_source, term) and _fold(expected) not in comparable:
                issues.append(TermIssue(plain_source, plain_translation, term, expected))
    return issues


def check_task(task) -> list[TermIssue]:
    from .work import translated_pairs

    return check_segments(translated_pairs(task), task.target_locale)
