"""Quality checks for translated segments (issue 9, item 3): pure functions, no database.

    from cms.translation_queue.checks import Finding, Severity, check_segment, check_consistency, blocking

`check_segment(source, target)` checks one segment (wagtail-localize's text, inline tags included);
`check_consistency(pairs)` checks every translated segment of the site against the others. An ERROR
blocks approval, a WARNING needs the reviewer's click. What each check does and why: docs/quality-checks.md.
Messages are translated when a check runs (gettext at call time, never at import time).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext, ngettext

from . import dates, identifiers, markup, numbers, punctuation, words
from .base import CODES, Finding, Severity, blocking
from .consistency import check_consistency
from .glossary import missing_terms
from .text import cjk_count, fold, is_chinese, plain_text

__all__ = ["CODES", "SEVERITIES", "Finding", "Severity", "blocking", "check_consistency", "check_segment"]

ERROR, WARNING = Severity.ERROR, Severity.WARNING
# The usual severity of each code ("untranslated" is a warning when the text may be a name).
SEVERITIES = {
    "empty": ERROR,
    "untranslated": ERROR,
    "numbers": ERROR,
    "dates": ERROR,
    "urls": ERROR,  # a warning when one is only added
    "emails": ERROR,
    "phones": ERROR,
    "markup": ERROR,
    "glossary": WARNING,
    "inconsistent_target": WARNING,
    "inconsistent_source": WARNING,
    "halfwidth_punct_in_chinese": WARNING,
    "fullwidth_punct_in_latin": WARNING,
    "cjk_latin_spacing": WARNING,
    "spaces": WARNING,
    "repeated_word": WARNING,
    "length_ratio": WARNING,
}
MAX_SHOWN = 5


def _shown(items: list[str]) -> str:
    return " · ".join(items[:MAX_SHOWN]) + (" …" if len(items) > MAX_SHOWN else "")


def _versus(missing: list[str], added: list[str]) -> str:
    """'3,000 ≠ 300': what the source has that the target lacks, and the other way round."""
    return f"{', '.join(missing) or '—'} ≠ {', '.join(added) or '—'}"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_segment(
    source: str,
    target: str,
    *,
    glossary: Iterable[tuple[str, str]] = (),
    source_lang: str = "en",
    target_lang: str = "zh-hans",
) -> list[Finding]:
    """All findings for one segment, errors first. glossary: (English, Chinese) agreed terms."""
    source, target = source or "", target or ""
    source_text, target_text = plain_text(source), plain_text(target)
    glossary = list(glossary)
    if not target_text.strip():
        if not source_text.strip():
            return []
        # Nothing to read: every other check would only repeat it.
        return [Finding("empty", ERROR, gettext("The translation is empty."))]
    findings = [
        *_untranslated(source_text, target_text, glossary, source_lang, target_lang),
        *_numbers(source_text, target_text),
        *_dates(source_text, target_text),
        *_identifiers(source_text, target_text),
        *_markup(source, target),
        *_glossary(source_text, target_text, glossary, source_lang),
        *_punctuation(target_text, target_lang),
        *_spacing(target_text, target_lang),
        *_spaces(source_text, target_text),
        *_repeated(source_text, target_text),
        *_length(source_text, target_text, source_lang, target_lang),
    ]
    return sorted(findings, key=lambda finding: finding.severity != ERROR)


def _untranslated(source, target, glossary, source_lang, target_lang) -> list[Finding]:
    """The source copied as the translation. Names and codes stay as they are (CIYEC, 2024, an address),
    and so do glossary terms agreed to stay romanized (Liu Aiping); Title Case alone may be a name."""
    if is_chinese(source_lang):
        if words.same_text(source, target) and cjk_count(source):
            return [Finding("untranslated", ERROR, gettext("The translation is the Chinese source."), _short(target))]
        return []
    if words.same_text(source, target):
        if words.only_names_or_codes(source) or any(
            fold(english) == fold(source) == fold(chinese) for english, chinese in glossary
        ):
            return []
        if words.has_lowercase_words(source):
            return [Finding("untranslated", ERROR, gettext("The translation is the English source."), _short(target))]
        if words.LATIN_WORD.search(source):
            message = gettext("The translation is the English source; fine only if it is a name.")
            return [Finding("untranslated", WARNING, message, _short(target))]
        return []
    english_left = not cjk_count(target) and words.has_lowercase_words(target)
    if is_chinese(target_lang) and english_left and len(words.LATIN_WORD.findall(source)) >= 3:
        message = gettext("The translation has no Chinese characters.")
        return [Finding("untranslated", WARNING, message, _short(target))]
    return []


def _numbers(source, target) -> list[Finding]:
    """A number of one side with no equal value on the other (3,000 = 三千 = 3千 match)."""
    source_numbers, target_numbers = numbers.extract(source), numbers.extract(target)
    missing = numbers.unmatched(source_numbers, target_numbers)
    added = numbers.unmatched(target_numbers, source_numbers)
    if not missing and not added:
        return []
    if missing and added:
        message = gettext("Numbers differ between the source and the translation.")
    elif missing:
        message = gettext("A number of the source is missing from the translation.")
    else:
        message = gettext("The translation has a number that the source does not have.")
    return [Finding("numbers", ERROR, message, _versus([n.text for n in missing], [n.text for n in added]))]


def _dates(source, target) -> list[Finding]:
    """A date of one side with no compatible date on the other (May 22 = 5月22日)."""
    source_dates, target_dates = dates.find(source), dates.find(target)
    missing = dates.unmatched(source_dates, target_dates)
    added = dates.unmatched(target_dates, source_dates)
    if not missing and not added:
        return []
    message = gettext("A date differs between the source and the translation.")
    unique = lambda refs: list(dict.fromkeys(ref.text for ref in refs))  # noqa: E731
    return [Finding("dates", ERROR, message, _versus(unique(missing), unique(added)))]


def _identifiers(source, target) -> list[Finding]:
    """URLs, e-mail addresses and phone numbers are copied, never changed, dropped or added."""
    messages = {
        "url": ("urls", gettext("A web address was changed, dropped or added.")),
        "email": ("emails", gettext("An e-mail address was changed, dropped or added.")),
        "phone": ("phones", gettext("A phone number was changed, dropped or added.")),
    }
    source_spans, target_spans = identifiers.find(source), identifiers.find(target)
    findings = []
    for kind, (code, message) in messages.items():
        wanted = {span.key: span.text for span in source_spans if span.kind == kind}
        got = {span.key: span.text for span in target_spans if span.kind == kind}
        missing = [text for key, text in wanted.items() if key not in got]
        added = [text for key, text in got.items() if key not in wanted]
        if missing or added:
            # Lost or changed: the reader can no longer reach it (error). Only added: the translator
            # brought something the source lacks, e.g. the Guangzhou release's own "请关注羊城派
            # pai.ycwb.com" (warning, for the reviewer to accept).
            findings.append(Finding(code, ERROR if missing else WARNING, message, _versus(missing, added)))
    return findings


def _markup(source, target) -> list[Finding]:
    """Every tag and link of the source once in the target, with its id; tags closed in order."""
    findings = []
    lost, added = markup.differences(source, target)
    if lost or added:
        message = gettext("Tags or links were lost or added.")
        findings.append(Finding("markup", ERROR, message, f"{' '.join(lost) or '—'} ≠ {' '.join(added) or '—'}"))
    broken = markup.unbalanced(target)
    if broken and not markup.unbalanced(source):
        findings.append(Finding("markup", ERROR, gettext("Tags are not closed in order."), " ".join(broken)))
    return findings


def _glossary(source, target, glossary, source_lang) -> list[Finding]:
    """An agreed term of the source without its agreed translation in the target."""
    findings = []
    for english, chinese in missing_terms(source, target, glossary, source_is_english=not is_chinese(source_lang)):
        message = gettext("An agreed glossary term is not used.")
        detail = f"{english} → {chinese}" if not is_chinese(source_lang) else f"{chinese} → {english}"
        findings.append(Finding("glossary", WARNING, message, detail))
    return findings


def _punctuation(target, target_lang) -> list[Finding]:
    """Chinese text takes full-width punctuation, Latin text half-width (GB/T 15834-2011)."""
    chinese = is_chinese(target_lang)
    findings = []
    half = punctuation.halfwidth_in_chinese(target, chinese)
    if half:
        message = ngettext(
            "%(count)d half-width punctuation mark in Chinese text: use ，。；：？！（）.",
            "%(count)d half-width punctuation marks in Chinese text: use ，。；：？！（）.",
            len(half),
        ) % {"count": len(half)}
        findings.append(Finding("halfwidth_punct_in_chinese", WARNING, message, _shown(half)))
    full = punctuation.fullwidth_in_latin(target, chinese)
    if full:
        message = ngettext(
            "%(count)d full-width punctuation mark in Latin text: use , . ; : ? ! ( ).",
            "%(count)d full-width punctuation marks in Latin text: use , . ; : ? ! ( ).",
            len(full),
        ) % {"count": len(full)}
        findings.append(Finding("fullwidth_punct_in_latin", WARNING, message, _shown(full)))
    return findings


def _spacing(target, target_lang) -> list[Finding]:
    """House rule: no space between Chinese and Latin letters or digits, except around multi-word Latin
    runs (Liu Aiping) and web or e-mail addresses."""
    if not is_chinese(target_lang):
        return []
    spaces = punctuation.cjk_latin_spaces(target)
    if not spaces:
        return []
    message = ngettext(
        "%(count)d space between Chinese and Latin letters or digits: the house style sets none.",
        "%(count)d spaces between Chinese and Latin letters or digits: the house style sets none.",
        len(spaces),
    ) % {"count": len(spaces)}
    return [Finding("cjk_latin_spacing", WARNING, message, _shown(spaces))]


def _spaces(source, target) -> list[Finding]:
    """Leading, trailing or doubled spaces that the source does not have."""
    problems = punctuation.space_problems(source, target)
    if not problems:
        return []
    labels = {"leading": gettext("at the start"), "trailing": gettext("at the end")}
    detail = _shown([labels.get(problem, f"“{problem}”") for problem in problems])
    return [Finding("spaces", WARNING, gettext("Leading, trailing or doubled spaces."), detail)]


def _repeated(source, target) -> list[Finding]:
    """A word written twice in a row (the the, 我们我们, 的的)."""
    repeated = words.repeated_words(target, source)
    if not repeated:
        return []
    return [Finding("repeated_word", WARNING, gettext("A word is repeated."), _shown(repeated))]


def _length(source, target, source_lang, target_lang) -> list[Finding]:
    """Chinese ÷ English length far from the usual: text left out or added (segments of 40+ characters)."""
    if is_chinese(source_lang) == is_chinese(target_lang):
        return []
    english, chinese = (target, source) if is_chinese(source_lang) else (source, target)
    ratio, bounds = words.length_ratio(english, chinese), words.ratio_bounds(english)
    if ratio is None or bounds is None or bounds[0] <= ratio <= bounds[1]:
        return []
    if (ratio < bounds[0]) != is_chinese(source_lang):
        message = gettext("The translation is much shorter than usual: is something left out?")
    else:
        message = gettext("The translation is much longer than usual: is something added?")
    return [Finding("length_ratio", WARNING, message, f"{ratio:.2f} ({bounds[0]:.2f}–{bounds[1]:.2f})")]
