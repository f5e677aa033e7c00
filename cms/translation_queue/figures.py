"""The reports' figures, summed in the database from TranslatedSegment (ledger.py): a fixed number of queries
whatever the number of segments, tasks or people.

Cost = English words × the rate of their reuse band (settings.TRANSLATION_RATES), in
settings.TRANSLATION_RATES_CURRENCY. Who sees what: reviewers (and superusers) every translator of the
languages they review; a translator only their own figures.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from .models import ReuseBand, TranslatedSegment
from .roles import can_review, queue_locales

BANDS = [band for band, _label in ReuseBand.choices]
CENT = Decimal("0.01")


def rates() -> dict[str, Decimal]:
    """{band: rate per English word}; a missing or non-numeric rate is a configuration error, named."""
    configured = getattr(settings, "TRANSLATION_RATES", None)
    if not isinstance(configured, dict):
        raise ImproperlyConfigured("TRANSLATION_RATES must be a dict of rates per word: {'new': …, 'fuzzy': …, …}.")
    result = {}
    for band in BANDS:
        if band not in configured:
            raise ImproperlyConfigured(f"TRANSLATION_RATES has no rate for '{band}'.")
        try:
            rate = Decimal(str(configured[band]))
        except InvalidOperation:
            rate = None
        if rate is None or not rate.is_finite() or rate < 0:
            raise ImproperlyConfigured(
                f"TRANSLATION_RATES['{band}'] is {configured[band]!r}: give a number of at least 0."
            )
        result[band] = rate
    return result


def currency() -> str:
    return getattr(settings, "TRANSLATION_RATES_CURRENCY", "USD")


@dataclass
class Tally:
    """Words, characters and segments in each band, and the estimated cost."""

    label: str
    words: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BANDS, 0))
    characters: int = 0
    segments: int = 0
    cost: Decimal = Decimal(0)

    @property
    def total_words(self) -> int:
        return sum(self.words.values())

    @property
    def band_words(self) -> list[int]:
        return [self.words[band] for band in BANDS]

    def add(self, band: str, words: int, characters: int, segments: int, rate: Decimal) -> None:
        self.words[band] += words
        self.characters += characters
        self.segments += segments
        self.cost = (self.cost + words * rate).quantize(CENT)


@dataclass
class Figures:
    by_locale: list[Tally]
    by_translator: list[Tally]
    total: Tally
    own_only: bool  # the reader sees only their own figures


def visible_segments(user, locales=None):
    """The TranslatedSegment rows `user` may count, in `locales` (default: all of theirs)."""
    locales = queue_locales(user) if locales is None else locales
    reviewed = [locale for locale in locales if can_review(user, locale)]
    translated_only = [locale for locale in locales if locale not in reviewed]
    visible = Q(locale__in=reviewed) | Q(locale__in=translated_only, translator=user)
    return TranslatedSegment.objects.filter(visible) if locales else TranslatedSegment.objects.none()


def sees_only_own(user, locales) -> bool:
    return not any(can_review(user, locale) for locale in locales)


def _person(first, last, username) -> str:
    return f"{first} {last}".strip() or username


def figures(user, locales, start: datetime.datetime, end: datetime.datetime) -> Figures:
    """Per locale and per translator, approvals in [start, end). One query."""
    table = rates()
    rows = (
        visible_segments(user, locales)
        .filter(approved_at__gte=start, approved_at__lt=end)
        .values(
            "locale_id",
            "translator_id",
            "translator__first_name",
            "translator__last_name",
            "translator__username",
            "band",
        )
        .annotate(words=Sum("source_words"), characters=Sum("target_characters"), segments=Count("id"))
        .order_by()
    )
    names = {locale.pk: locale.get_display_name() for locale in locales}
    by_locale = {locale.pk: Tally(names[locale.pk]) for locale in locales}
    by_translator: dict[int | None, Tally] = {}
    total = Tally("")
    for row in rows:
        figures_ = (row["band"], row["words"], row["characters"], row["segments"], table[row["band"]])
        by_locale[row["locale_id"]].add(*figures_)
        key = row["translator_id"]
        if key not in by_translator:
            label = _person(row["translator__first_name"], row["translator__last_name"], row["translator__username"])
            by_translator[key] = Tally(label or "—")
        by_translator[key].add(*figures_)
        total.add(*figures_)
    return Figures(
        by_locale=list(by_locale.values()),
        by_translator=sorted(by_translator.values(), key=lambda t: (-t.total_words, t.label)),
        total=total,
        own_only=sees_only_own(user, locales),
    )


@dataclass
class Week:
    start: datetime.date
    words: int
    percent: int  # of the busiest week, for the bar


def throughput(user, locales, weeks: int, today: datetime.date | None = None) -> list[Week]:
    """English words approved per week (Monday to Sunday, site time), the last `weeks` weeks, oldest first."""
    today = today or timezone.localdate()
    this_monday = today - datetime.timedelta(days=today.weekday())
    first = this_monday - datetime.timedelta(weeks=weeks - 1)
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    rows = (
        visible_segments(user, locales)
        .filter(approved_at__gte=start)
        .annotate(week=TruncWeek("approved_at"))
        .values("week")
        .annotate(words=Sum("source_words"))
        .order_by()
    )
    by_week = {}
    for row in rows:
        week = row["week"]
        week = timezone.localtime(week).date() if isinstance(week, datetime.datetime) else week
        by_week[week] = by_week.get(week, 0) + row["words"]
    busiest = max(by_week.values(), default=0)
    result = []
    for n in range(weeks):
        monday = first + datetime.timedelta(weeks=n)
        words = by_week.get(monday, 0)
        result.append(Week(monday, words, round(100 * words / busiest) if busiest else 0))
    return result
