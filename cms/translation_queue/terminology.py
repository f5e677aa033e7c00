"""The glossary as the checks read it: agreed (English, target-language) term pairs from the database."""

from __future__ import annotations

from .checks.glossary import missing_terms
from .checks.text import plain_text


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


def missing_term_count(pairs_of_text, target_locale) -> int:
    """How many agreed terms the translated segments leave out: the queue row's "terminology issues",
    counted with the review screen's glossary check (checks/glossary.py), so the two always agree."""
    glossary = glossary_pairs(target_locale)
    return sum(
        len(missing_terms(plain_text(source), plain_text(translation or ""), glossary))
        for source, translation in pairs_of_text
    )
