"""What each approval adds to the reports: one TranslatedSegment per segment translated since the last approval.

Counted: segments whose English is new to the task (never approved before, or changed since the last
approval) and that have a translation. A reworded translation of unchanged English is not counted again.

Reuse band of a counted segment, from the best earlier match of its English (memory.similarity's scale):
- exact: the same text (100) among translations into the language that existed when this segment was first
  translated, or the segment's own approved translation of that same English;
- fuzzy: a match at or above settings.TRANSLATION_QUEUE_FUZZY_MIN_SCORE (75): typically the segment's own
  previous approved English before a small change, or a similar sentence elsewhere;
- new: nothing that close.
Only human translations are memory here: a machine suggestion nobody edited gave nothing to reuse.
Earlier means created before this segment's translation, so two pages translated side by side do not
make each other "exact".

Words: English source words (work.word_count). Characters: Chinese characters (Han ideographs) in the
approved translation; punctuation, digits and Latin letters are not counted.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass

from django.db.models import Q
from django.db.models.functions import Length
from django.dispatch import receiver
from django.utils import timezone
from rapidfuzz import fuzz, process
from wagtail_localize.models import StringSegment, StringTranslation

from . import memory, workflow
from .checks.text import plain_text
from .models import ReuseBand, TranslatedSegment, TranslationTask
from .work import word_count

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")


def chinese_characters(text: str) -> int:
    return len(HAN.findall(plain_text(text)))


def band_of(score: int) -> str:
    if score >= 100:
        return ReuseBand.EXACT
    if score >= memory.min_score():
        return ReuseBand.FUZZY
    return ReuseBand.NEW


@dataclass
class _Segment:
    path: str
    english: str
    translation: str
    context_id: int
    string_id: int
    created_at: object
    translator_id: int | None


@dataclass
class _Earlier:
    key: str  # memory.normalized(english)
    plain: str
    created_at: object
    context_id: int
    string_id: int


def _translated_segments(task: TranslationTask) -> list[_Segment]:
    """The source's segments with their current translation (untranslated ones left out)."""
    segments = StringSegment.objects.filter(source_id=task.source_id).values_list(
        "context_id", "context__path", "string_id", "string__data"
    )
    own = {
        (context_id, string_id): (data, created_at, translator_id)
        for context_id, string_id, data, created_at, translator_id in StringTranslation.objects.filter(
            locale=task.target_locale, context__object_id=task.source.object_id, has_error=False
        )
        .exclude(data="")
        .values_list("context_id", "translation_of_id", "data", "created_at", "last_translated_by_id")
    }
    found = []
    for context_id, path, string_id, english in segments:
        if (context_id, string_id) in own:
            data, created_at, translator_id = own[(context_id, string_id)]
            found.append(_Segment(path, english, data, context_id, string_id, created_at, translator_id))
    return found


def _earlier_translations(task: TranslationTask, segments: list[_Segment]) -> list[_Earlier]:
    """Human translations into the task's language of English of a length some segment could match."""
    ratio = memory._length_ratio(memory.min_score())
    lengths = [len(memory.normalized(s.english)) for s in segments]
    in_band = Q()
    for low, high in memory._merged_ranges([n for n in lengths if n], ratio):
        in_band |= Q(english_length__gte=low, english_length__lte=high)
    if not in_band:
        return []
    rows = (
        StringTranslation.objects.filter(
            locale=task.target_locale,
            translation_of__locale_id=task.source.locale_id,
            translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
            has_error=False,
        )
        .exclude(data="")
        .annotate(english_length=Length("translation_of__data"))
        .filter(in_band)
        .values_list("translation_of__data", "created_at", "context_id", "translation_of_id")
    )
    earlier = [
        _Earlier(memory.normalized(english), plain_text(english).strip(), created_at, context_id, string_id)
        for english, created_at, context_id, string_id in rows
    ]
    earlier.sort(key=lambda e: len(e.key))
    return earlier


def _memory_score(segment: _Segment, earlier: list[_Earlier], lengths: list[int], ratio: float) -> int:
    key = memory.normalized(segment.english)
    if not key:
        return 0
    plain = plain_text(segment.english).strip()
    low = bisect.bisect_left(lengths, math.ceil(len(key) * ratio))
    high = bisect.bisect_right(lengths, math.floor(len(key) / ratio))
    band = [
        e
        for e in earlier[low:high]
        if e.created_at < segment.created_at and (e.context_id, e.string_id) != (segment.context_id, segment.string_id)
    ]
    if any(e.plain == plain for e in band):
        return 100
    best = process.extractOne(key, [e.key for e in band], scorer=fuzz.ratio, score_cutoff=memory.min_score())
    return min(99, math.floor(best[1])) if best else 0


def counted_segments(task: TranslationTask, previous: dict) -> list[TranslatedSegment]:
    """The rows an approval of `task` adds; `previous` is its approved_segments before this approval."""
    segments = [
        s
        for s in _translated_segments(task)
        if not (previous.get(s.path) and previous[s.path][0] == s.english and previous[s.path][1])
    ]
    if not segments:
        return []
    earlier = _earlier_translations(task, segments)
    lengths = [len(e.key) for e in earlier]
    ratio = memory._length_ratio(memory.min_score())
    rows = []
    for segment in segments:
        score = _memory_score(segment, earlier, lengths, ratio)
        before = previous.get(segment.path)
        if before and before[1]:  # the segment's own approved translation of its previous English
            score = max(score, memory.similarity(before[0], segment.english))
        rows.append(
            TranslatedSegment(
                task=task,
                locale_id=task.target_locale_id,
                translator_id=segment.translator_id or task.assignee_id,
                path=segment.path[:255],
                source_words=word_count(segment.english),
                target_characters=chinese_characters(segment.translation),
                band=band_of(score),
                score=score,
            )
        )
    return rows


@receiver(workflow.recorded)
def record_approval(sender, transition, task, user=None, data=None, **kwargs):
    """On "approve": count the segments translated since the last approval.

    `record` runs before the approval saves the task, so the row in the database still holds the previous
    approval's segments (the task in hand already has the new ones); the approval's transaction holds
    the row's lock, so nobody changes it meanwhile."""
    if transition.action != "approve":
        return
    previous = TranslationTask.objects.filter(pk=task.pk).values_list("approved_segments", flat=True).first() or {}
    rows = counted_segments(task, previous)
    now = timezone.now()
    for row in rows:
        row.approved_by = user
        row.approved_at = now
    TranslatedSegment.objects.bulk_create(rows)
