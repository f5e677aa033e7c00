"""Dates written the English way and the Chinese way: May 22 = 5月22日, 22 May 2024 = 2024年5月22日."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from . import zh_numerals

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?P<m>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY2 = r"(?:\s*(?:-|–|—|to|and|&)\s*(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?)?"
_YEAR = r"(?P<y>(?:1[89]|20|21)\d\d)"
_ZH_SMALL = r"\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"
_ZH_YEAR = r"\d{4}|[〇零一二三四五六七八九]{4}"

PATTERNS = [
    # 2024-05-22, 2024/5/22
    re.compile(r"(?<![\d.])(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})(?![\d.])"),
    # 2024年5月22日, 5月22日至24日, 二〇二四年五月, 5月
    re.compile(
        rf"(?<![\d.])(?:(?P<y>{_ZH_YEAR})\s*年\s*)?(?P<m>{_ZH_SMALL})\s*月"
        rf"(?:\s*(?P<d>{_ZH_SMALL})\s*[日号])?"
        rf"(?:\s*(?:至|到|-|–|—|~|～)\s*(?P<d2>{_ZH_SMALL})\s*[日号])?"
    ),
    # 22 May 2024, 22-24 May
    re.compile(rf"(?<![\w.]){_DAY}{_DAY2}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?(?!\w)"),
    # May 22, 2024; May 22-24
    re.compile(rf"(?<!\w){_MONTH}\s+{_DAY}{_DAY2}(?![\d:])(?!\s*(?:am|pm|a\.m|p\.m)\b)(?:,?\s+{_YEAR})?(?!\w)"),
    # May 2024
    re.compile(rf"(?<!\w){_MONTH},?\s+{_YEAR}(?!\w)"),
    # a month on its own; not May or March, which are also words
    re.compile(r"(?<!\w)(?P<m>January|February|April|June|July|August|September|October|November|December)(?!\w)"),
]


@dataclass(frozen=True)
class DateRef:
    text: str
    start: int
    end: int
    year: int | None
    month: int
    day: int | None

    def compatible(self, other: DateRef) -> bool:
        """Nothing contradicts: a part one side leaves out (the year of "May 22") is not a mismatch."""
        return (
            self.month == other.month
            and (self.day is None or other.day is None or self.day == other.day)
            and (self.year is None or other.year is None or self.year == other.year)
        )


def _int(value: str | None) -> int | None:
    if not value:
        return None
    if value.isdigit():
        return int(value)
    return zh_numerals.digit_string(value) or zh_numerals.parse(value)


def _month(value: str) -> int | None:
    if value.isdigit() or not value.isascii():
        return _int(value)
    return MONTHS.get(value[:3].lower())


def find(text: str) -> list[DateRef]:
    """Every date in text, in order, never overlapping; a day range (May 22-24) gives two dates."""
    text = unicodedata.normalize("NFKC", text)
    found: list[DateRef] = []
    taken: list[tuple[int, int]] = []
    for pattern in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and end > s for s, e in taken):
                continue
            groups = match.groupdict()
            month = _month(groups["m"])
            year = _int(groups.get("y"))
            days = [_int(groups.get("d")), _int(groups.get("d2"))]
            if not month or not 1 <= month <= 12 or any(day is not None and not 1 <= day <= 31 for day in days):
                continue
            taken.append((start, end))
            found.append(DateRef(match.group().strip(), start, end, year, month, days[0]))
            if days[1] is not None:
                found.append(DateRef(match.group().strip(), start, end, year, month, days[1]))
    return sorted(found, key=lambda ref: ref.start)


def unmatched(one: list[DateRef], other: list[DateRef]) -> list[DateRef]:
    """Dates of one side with no compatible date on the other."""
    return [ref for ref in one if not any(ref.compatible(candidate) for candidate in other)]
