"""Fuzzy translation memory: for each segment, the best earlier translations of similar English.

What is offered, in this order:
1. The segment's own previous translation when its English changed: the version approved before the change
   (task.approved_segments, as the review screen shows it), then the latest draft of the old English
   (wagtail-localize keeps a StringTranslation per (string, context), so the old English's translation in
   this context is still there after a sync).
2. Translation memory: translations into the task's language of similar English anywhere on the site, from
   wagtail-localize's String / StringTranslation tables. Human translations before machine ones, then newer
   before older; scored with a token-sort ratio over words (rapidfuzz), kept at
   settings.TRANSLATION_QUEUE_FUZZY_MIN_SCORE (75 by default) and above.

Nothing here writes a translation: exact matches are prefilled by machine.MemoryGlossaryTranslator as before,
fuzzy ones are only offered (the review screen and the exported PO file's `#.` comments).

Cost: a fixed number of queries whatever the number of segments (the task's segments, its own translations,
the strings added since the last lookup, the best candidates' translations, where they came from, the
glossary). The English of every stored string is kept normalized in the process (memory_index.py): a
token-sort ratio of at least t needs the shorter text to be at least t/(200-t) of the longer (0.6 at 75), so
each segment is scored, in C, only against the keys in its length band, and only the translations of its
best-scoring strings are read. 10,000 stored translations: benchmarks/memory_lookup.py.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Case, IntegerField, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz
from rapidfuzz.utils import default_process
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

from . import memory_index
from .checks.glossary import terms_in
from .checks.text import plain_text

MAX_MEMORY_SUGGESTIONS = 3
# Strings scored best for a segment whose translations are read; some are skipped (the segment itself,
# its current translation, what was already offered), so more than the suggestions shown.
CANDIDATE_STRINGS_PER_SEGMENT = 20

PREVIOUS_APPROVED = "previous_approved"
PREVIOUS_DRAFT = "previous"
MEMORY = "memory"
ORIGINS = {
    PREVIOUS_APPROVED: _("approved translation of this segment before its English changed"),
    PREVIOUS_DRAFT: _("earlier translation of this segment before its English changed"),
    MEMORY: _("translation memory"),
}


def min_score() -> int:
    return getattr(settings, "TRANSLATION_QUEUE_FUZZY_MIN_SCORE", 75)


def _length_ratio(threshold: float) -> float:
    """The shortest length ratio two texts can have and still score `threshold` (normalized Indel)."""
    return threshold / (200 - threshold)


def normalized(text: str) -> str:
    """What is compared: the words of the plain text, lower case, sorted (a token-sort ratio)."""
    return " ".join(sorted(default_process(plain_text(text)).split()))


def similarity(a: str, b: str) -> int:
    """0–100; 100 only for the same words with the same punctuation and case."""
    if plain_text(a).strip() == plain_text(b).strip():
        return 100
    return min(99, math.floor(fuzz.ratio(normalized(a), normalized(b))))


# --- the difference between two English texts ---------------------------------------------------------

_TOKEN = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")  # a word with the spaces after it: <ins>public </ins>


def diff_pieces(before: str, after: str) -> list[tuple[str, str]]:
    """Word by word, what turns `before` into `after`: [("equal"|"delete"|"insert", text)]."""
    old, new = _TOKEN.findall(plain_text(before)), _TOKEN.findall(plain_text(after))
    pieces: list[tuple[str, str]] = []

    def add(op, tokens):
        text = "".join(tokens)
        if not text:
            return
        if pieces and pieces[-1][0] == op:
            pieces[-1] = (op, pieces[-1][1] + text)
        else:
            pieces.append((op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            add("equal", new[j1:j2])
        else:
            add("delete", old[i1:i2])
            add("insert", new[j1:j2])
    return pieces


def diff_html(before: str, after: str) -> SafeString:
    """The difference as HTML: <del> what only `before` has, <ins> what only `after` has, all escaped."""
    wrap = {"equal": "{}", "delete": "<del>{}</del>", "insert": "<ins>{}</ins>"}
    return mark_safe("".join(wrap[op].format(escape(text)) for op, text in diff_pieces(before, after)))


def diff_text(before: str, after: str) -> str:
    """The same difference for plain text (a PO comment): [-removed-]{+added+}."""
    wrap = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
    return "".join(wrap[op].format(text) for op, text in diff_pieces(before, after)).replace("\n", " ")


# --- suggestions ------------------------------------------------------------------------------------


@dataclass
class Suggestion:
    score: int
    source: str  # the earlier English
    target: str  # its translation
    diff: SafeString  # from the earlier English to this segment's English
    origin: str  # PREVIOUS_APPROVED, PREVIOUS_DRAFT or MEMORY
    machine: bool = False
    where: str = ""  # the page or snippet it was translated on, and the field

    @property
    def is_previous(self) -> bool:
        return self.origin != MEMORY

    @property
    def origin_label(self) -> str:
        return str(ORIGINS[self.origin])


@dataclass
class SegmentHelp:
    suggestions: list[Suggestion] = field(default_factory=list)
    terms: list[tuple[str, str]] = field(default_factory=list)  # glossary (English, agreed translation)


@dataclass
class _Candidate:
    key: str  # normalized English
    english: str
    target: str
    machine: bool
    object_id: str
    path: str
    context_id: int
    string_id: int
    order: int  # rank among the translations read: human first, newer first


def _segments(task):
    return list(
        StringSegment.objects.filter(source_id=task.source_id).select_related("string", "context").order_by("order")
    )


def _merged_ranges(lengths: list[int], ratio: float) -> list[tuple[int, int]]:
    """Stored-length bands a string must fall in for some key of these normalized lengths, for a query that
    reads candidates by length (ledger.py). Markup makes stored English longer than its words
    (<a id="a1">…</a>), so the upper bound is generous."""
    bands = sorted((math.floor(n * ratio), math.ceil(n / ratio * 1.5) + 60) for n in lengths)
    merged: list[list[int]] = []
    for low, high in bands:
        if merged and low <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    return [(low, high) for low, high in merged]


def _translations_of(task, string_ids) -> dict[int, list[_Candidate]]:
    """{string id: its translations into the task's language}, human before machine, newer before older,
    each translation once per (string, text) however many pages carry it."""
    if not string_ids:
        return {}
    rows = (
        StringTranslation.objects.filter(locale=task.target_locale, translation_of_id__in=string_ids, has_error=False)
        .exclude(data="")
        .annotate(
            human=Case(
                When(translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("human", "-updated_at", "-pk")
        .values_list(
            "translation_of_id",
            "translation_of__data",
            "data",
            "translation_type",
            "context_id",
            "context__object_id",
            "context__path",
        )
    )
    found: dict[int, list[_Candidate]] = {}
    keys: dict[int, str] = {}
    seen = set()
    for order, (string_id, english, target, kind, context_id, object_id, path) in enumerate(rows):
        if (string_id, target) in seen:
            continue
        seen.add((string_id, target))
        if string_id not in keys:
            keys[string_id] = normalized(english)
            memory_index.correct(task.source.locale_id, string_id, keys[string_id])
        found.setdefault(string_id, []).append(
            _Candidate(
                key=keys[string_id],
                english=english,
                target=target,
                machine=kind == StringTranslation.TRANSLATION_TYPE_MACHINE,
                object_id=str(object_id),
                path=path,
                context_id=context_id,
                string_id=string_id,
                order=order,
            )
        )
    return found


def _own_rows(locale, object_ids):
    return (
        StringTranslation.objects.filter(locale=locale, context__object_id__in=object_ids, has_error=False)
        .exclude(data="")
        .order_by("-updated_at", "-pk")
        .values_list(
            "context__object_id", "context_id", "translation_of_id", "translation_of__data", "data", "translation_type"
        )
    )


@dataclass
class Shared:
    """What suggestions_for reads from the database, read once for several tasks of one language (a batch
    export, batch.py): the same suggestions as task by task, in a number of queries that does not grow."""

    own: dict[str, list]  # translation key -> its own translations' rows, newest first
    hits_of: dict[int, list[tuple[int, float]]]  # segment pk -> the best-scoring strings (memory_index)
    translations: dict[int, list[_Candidate]]  # string id -> its translations into the tasks' language
    glossary: list[tuple[str, str]]
    names: dict[str, str]  # translation key -> the English page's or snippet's name


def shared_for(tasks, segments_of: dict) -> Shared:
    """`tasks`: one target locale, one source locale; `segments_of`: {task pk: its segments (_segments)}."""
    from .terminology import glossary_pairs

    first = tasks[0]
    own: dict[str, list] = {}
    for object_id, *row in _own_rows(first.target_locale, [task.source.object_id for task in tasks]):
        own.setdefault(str(object_id), []).append(tuple(row))
    segments = [segment for task_segments in segments_of.values() for segment in task_segments]
    ratio, threshold = _length_ratio(min_score()), min_score()
    keys = [normalized(segment.string.data) for segment in segments]
    hits = memory_index.similar(
        first.source.locale_id, keys, ratio, threshold, normalized, per_key=CANDIDATE_STRINGS_PER_SEGMENT
    )
    translations = _translations_of(first, {string_id for found in hits for string_id, _score in found})
    return Shared(
        own=own,
        hits_of={segment.pk: found for segment, found in zip(segments, hits, strict=True)},
        translations=translations,
        glossary=glossary_pairs(first.target_locale),
        names=_where(first, {c.object_id for found in translations.values() for c in found}),
    )


def suggestions_for(
    task, segments=None, *, limit: int = MAX_MEMORY_SUGGESTIONS, shared: Shared | None = None
) -> dict[str, SegmentHelp]:
    """{context path: SegmentHelp} for every segment of the task's source."""
    from .terminology import glossary_pairs

    segments = _segments(task) if segments is None else segments
    threshold = min_score()
    ratio = _length_ratio(threshold)

    if shared is None:
        own = [row[1:] for row in _own_rows(task.target_locale, [task.source.object_id])]
    else:
        own = shared.own.get(str(task.source.object_id), [])
    current, earlier = {}, {}
    for context_id, string_id, english, target, kind in own:
        current.setdefault((context_id, string_id), target)
        earlier.setdefault(context_id, []).append((string_id, english, target, kind))

    keys = {segment.pk: normalized(segment.string.data) for segment in segments}
    if shared is None:
        hits = memory_index.similar(
            task.source.locale_id,
            [keys[segment.pk] for segment in segments],
            ratio,
            threshold,
            normalized,
            per_key=CANDIDATE_STRINGS_PER_SEGMENT,
        )
        hits_of = {segment.pk: found for segment, found in zip(segments, hits, strict=True)}
        translations = _translations_of(task, {string_id for found in hits for string_id, _score in found})
    else:
        hits_of, translations = shared.hits_of, shared.translations

    approved = task.approved_segments or {}
    glossary = glossary_pairs(task.target_locale) if shared is None else shared.glossary
    found: dict[str, tuple[SegmentHelp, list[tuple[int, int, _Candidate]]]] = {}
    for segment in segments:
        english, path = segment.string.data, segment.context.path
        aid = SegmentHelp(terms=terms_in(plain_text(english), glossary))
        offered = set()
        mine = current.get((segment.context_id, segment.string_id))

        before = approved.get(path)
        if before and before[0] != english and before[1]:
            aid.suggestions.append(_previous(PREVIOUS_APPROVED, before[0], before[1], english))
            offered.add((before[0], before[1]))
        for string_id, old_english, old_target, kind in earlier.get(segment.context_id, []):
            if string_id != segment.string_id and old_english != english:
                if (old_english, old_target) not in offered:
                    suggestion = _previous(PREVIOUS_DRAFT, old_english, old_target, english)
                    suggestion.machine = kind == StringTranslation.TRANSLATION_TYPE_MACHINE
                    aid.suggestions.append(suggestion)
                    offered.add((old_english, old_target))
                break  # the latest one

        matches = []
        key = keys[segment.pk]
        for string_id, _score in hits_of[segment.pk]:
            for candidate in translations.get(string_id, []):
                if (candidate.context_id, candidate.string_id) == (segment.context_id, segment.string_id):
                    continue  # this segment's own translation
                if candidate.target == mine or (candidate.english, candidate.target) in offered:
                    continue
                exact = plain_text(candidate.english).strip() == plain_text(english).strip()
                score = 100 if exact else min(99, math.floor(fuzz.ratio(key, candidate.key)))
                if score < threshold:  # the index knew another text under this id (see memory_index)
                    continue
                matches.append((-score, candidate.order, candidate))
        matches.sort(key=lambda m: (m[0], m[2].machine, m[1]))
        kept, pairs = [], set()
        for match in matches:
            pair = (match[2].english, match[2].target)
            if pair not in pairs:
                pairs.add(pair)
                kept.append(match)
        matches = kept[:limit]
        found[path] = (aid, matches)

    used = {m[2].object_id for _aid, matches in found.values() for m in matches}
    names = _where(task, used) if shared is None else shared.names
    result = {}
    for segment in segments:
        path = segment.context.path
        aid, matches = found[path]
        for negative_score, _order, candidate in matches:
            aid.suggestions.append(
                Suggestion(
                    score=-negative_score,
                    source=candidate.english,
                    target=candidate.target,
                    diff=diff_html(candidate.english, segment.string.data),
                    origin=MEMORY,
                    machine=candidate.machine,
                    where=f"{names.get(candidate.object_id, '?')} · {candidate.path.split('.')[0]}",
                )
            )
        result[path] = aid
    return result


def _previous(origin, old_english, old_target, english) -> Suggestion:
    return Suggestion(
        score=similarity(old_english, english),
        source=old_english,
        target=old_target,
        diff=diff_html(old_english, english),
        origin=origin,
    )


def _where(task, object_ids) -> dict[str, str]:
    """{translation key: the English page's or snippet's name} in one query."""
    if not object_ids:
        return {}
    rows = TranslationSource.objects.filter(object_id__in=object_ids, locale_id=task.source.locale_id).values_list(
        "object_id", "object_repr"
    )
    return {str(object_id): name for object_id, name in rows}
