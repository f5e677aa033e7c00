"""Agreed names from the translators' glossary, as search synonyms in both languages.

A glossary term (cms.translation_queue.GlossaryTerm, a translatable snippet) is one name in every
language it is translated into; its note may give the acronym ("CSTVE", "IECC, affiliated to CNCC") or
another form ("Yangchengpai = 羊城派"). All of them are one *name*: typing any form searches for all, so
CSTVE, 中国职业技术教育学会 and Chinese Society of Technical and Vocational Education find the same
organization on either site, and a Chinese place name finds the English pages about it.

Read per search (one query of a few hundred short rows): always current, without cache invalidation
across processes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from search.segmentation import CJK_RUN, LATIN_WORD, Term, query_terms

# "CSTVE" or "IECC, affiliated to CNCC": an acronym is the note's first word, in capitals, alone or before
# a comma. "CSTVE's International Department" names another body's acronym, so it is not one.
ACRONYM = re.compile(r"^([A-Z][A-Z0-9&]{1,11})\s*(?:,|$)")
# "Yangchengpai = 羊城派": another form of the name.
EQUALS = re.compile(r"^\s*([^=,;()]+?)\s*=\s*([^=,;()]+?)\s*$")


@dataclass(frozen=True)
class Name:
    """The forms of one name, as the terms a query is matched against (keys) and searched with (forms)."""

    keys: tuple[tuple[str, ...], ...]
    forms: tuple[tuple[Term, ...], ...]


def form_terms(text: str) -> tuple[Term, ...]:
    """A name's text as terms: Chinese runs as themselves, consecutive Latin words as one phrase."""
    terms: list[Term] = []
    latin: list[str] = []
    for term in query_terms(text):
        if term.chinese:
            if latin:
                terms.append(Term(" ".join(latin)))
                latin = []
            terms.append(term)
        else:
            latin.append(term.text)
    if latin:
        terms.append(Term(" ".join(latin)))
    return tuple(terms)


def form_key(text: str) -> tuple[str, ...]:
    """What a query must contain, term by term, to have typed this form (case and punctuation ignored)."""
    keys = []
    for chunk in text.split():
        position = 0
        for match in CJK_RUN.finditer(chunk):
            keys += [w.casefold() for w in LATIN_WORD.findall(chunk[position : match.start()])]
            keys.append(match.group(0))
            position = match.end()
        keys += [w.casefold() for w in LATIN_WORD.findall(chunk[position:])]
    return tuple(keys)


def make_name(texts) -> Name | None:
    forms, keys = {}, {}
    for text in texts:
        key = form_key(text)
        if key and key not in keys:
            keys[key] = True
            forms[key] = form_terms(text)
    if len(keys) < 2:
        return None
    return Name(tuple(keys), tuple(forms.values()))


def names_from_glossary(rows) -> list[Name]:
    """rows: (translation_key, term, note) of every glossary term in every language."""
    by_key: dict[object, list[str]] = defaultdict(list)
    extra: list[tuple[str, str]] = []
    for key, term, note in rows:
        by_key[key].append(term)
        note = (note or "").strip()
        if acronym := ACRONYM.match(note):
            by_key[key].append(acronym.group(1))
        elif equals := EQUALS.match(note):
            extra.append(equals.groups())
    names = [make_name(texts) for texts in [*by_key.values(), *extra]]
    return [name for name in names if name is not None]


# Names already read for this request (search.views.search reads them once for its searches and marks).
_preset: ContextVar[list[Name] | None] = ContextVar("glossary_names", default=None)


@contextmanager
def names_for_request(names: list[Name]):
    """Within this block glossary_names() returns `names` instead of reading the table again."""
    token = _preset.set(names)
    try:
        yield names
    finally:
        _preset.reset(token)


def glossary_names() -> list[Name]:
    """The glossary's names as they are now; [] when the translation queue app is not installed."""
    from django.apps import apps

    if (preset := _preset.get()) is not None:
        return preset

    if not apps.is_installed("cms.translation_queue"):
        return []
    from cms.translation_queue.models import GlossaryTerm

    # Live terms only: a translated term still in review is a draft.
    return names_from_glossary(GlossaryTerm.objects.filter(live=True).values_list("translation_key", "term", "note"))
