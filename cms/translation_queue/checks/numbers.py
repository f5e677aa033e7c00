"""Numbers on both sides, read as values so that equivalent forms match.

3,000 = 3000 = 三千 = 3千; 20,000 = 2万; 1.2 billion = 12亿; 15 million = 1500万; 19th = 第十九 = 第19;
20% = 百分之二十; two = 两 = 2.

Each side gives *firm* numbers (digits; Chinese numerals with a place value such as 三千, 十九) and
*loose* candidates (English number words, single Chinese numerals: 一 lives in 一带一路, 统一, 进一步;
第一 can stand for "the most"). A firm number of one side needs an equal value among all the numbers of
the other; a loose one never raises anything by itself. Dates are compared by the dates check, and
phone numbers, URLs and e-mail addresses by theirs: they are masked here, so 5月 does not ask for a 5.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from . import dates, identifiers, zh_numerals

ENGLISH_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12, "bn": 10**9, "k": 10**3}
CHINESE_SCALES = {"万亿": 10**12, "千万": 10**7, "百万": 10**6, "十万": 10**5, "万": 10**4, "亿": 10**8}
CHINESE_SCALES |= {"千": 10**3, "百": 100}
# An Arabic number: 3,000 / 3000 / 1.5, with an English or Chinese scale after it.
DIGITS = re.compile(
    r"(?<!\d[.,])(?<!\d)(?P<letter>[A-Za-z]-?)?(?P<n>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?(?![\d])"
    r"(?:\s*-?\s*(?P<en>thousand|million|billion|trillion|bn|k)(?![A-Za-z])"
    r"|\s*(?P<zh>万亿|千万|百万|十万|万|亿|千(?![米克瓦卡])|百(?![米分]))"
    r"|(?P<ord>st|nd|rd|th)(?![A-Za-z])"
    r"|(?P<code>[A-Za-z]))?"
    r"(?:\s*(?:%|percent(?![A-Za-z])|per cent(?![A-Za-z])))?",
    re.IGNORECASE,
)
SMALL_WORDS = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
} | {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "eightieth": 80,
    "ninetieth": 90,
    "hundredth": 100,
}
OTHER_WORDS = {"dozen": 12, "both": 2, "twice": 2, "pair": 2, "once": 1, "single": 1}
_WORD = "|".join(sorted([*SMALL_WORDS, *ORDINAL_WORDS, "hundred", *ENGLISH_SCALES], key=len, reverse=True))
WORD_RUN = re.compile(rf"\b(?:a\s+)?(?:{_WORD})(?:(?:\s+and\s+|[\s-]+)(?:{_WORD}))*\b", re.IGNORECASE)
OTHER_WORD = re.compile(r"\b(" + "|".join(OTHER_WORDS) + r")\b", re.IGNORECASE)
PERCENT_ZH = re.compile(r"百分之(?P<n>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)")
# 十 on its own is a number only before a measure word (十年, 十个); 十分 is "very".
MEASURE_AFTER_TEN = re.compile(r"(?:个|位|名|人|次|年|天|周|届|项|家|所|座|对|条|种|份|件|篇|部|场|岁|倍|国|分钟|小时)")
# Idioms and vague amounts built from numerals: never a firm number.
ZH_IDIOMS = ("千万", "万万", "千千万万", "成千上万", "万一", "一五一十", "十全十美", "十之八九", "百分百")


@dataclass(frozen=True)
class Number:
    text: str
    value: Decimal
    firm: bool


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _english_words(run: str) -> Decimal | None:
    """two hundred and fifty → 250, twenty-first → 21, a million → 1000000."""
    total, current, seen = 0, 0, False
    for word in re.split(r"[\s-]+", run.lower()):
        if word in ("and", ""):
            continue
        if word == "a":
            current = 1
        elif word in SMALL_WORDS:
            current += SMALL_WORDS[word]
        elif word in ORDINAL_WORDS:
            current += ORDINAL_WORDS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in ENGLISH_SCALES and word != "k":
            total += (current or 1) * ENGLISH_SCALES[word]
            current = 0
        else:
            continue
        seen = True
    return Decimal(total + current) if seen else None


def _chinese_numerals(text: str, taken: list[tuple[int, int]]) -> list[Number]:
    found = []
    for match in zh_numerals.NUMERAL_RUN.finditer(text):
        if any(match.start() < e and match.end() > s for s, e in taken):
            continue
        run = match.group()
        value = zh_numerals.parse(run)
        if value is None:
            year = zh_numerals.digit_string(run)
            if year is not None and len(run) == 4 and text[match.end() : match.end() + 1] == "年":
                found.append(Number(run, Decimal(year), True))  # 二〇二四年
                continue
            # 百万, 千万: a unit without its digit (one million, ten million) is a loose candidate.
            if run[0] in zh_numerals.UNITS or run[0] in zh_numerals.BIG:
                value = zh_numerals.parse("一" + run)
                if value is not None:
                    found.append(Number(run, Decimal(value), False))
                    continue
            # 七八个, 十二五: the digits are loose candidates, nothing is firm.
            for char in run:
                single = zh_numerals.parse(char)
                if single is not None:
                    found.append(Number(char, Decimal(single), False))
            continue
        firm = (
            value >= 10
            and run not in ZH_IDIOMS
            and (
                len(run) >= 2
                and (run[0] in zh_numerals.DIGITS or run[0] in "十拾")
                or run in "十拾"
                and bool(MEASURE_AFTER_TEN.match(text, match.end()))
            )
        )
        found.append(Number(run, Decimal(value), firm))
    return found


def extract(text: str) -> list[Number]:
    """All numbers of a text, firm and loose, dates and identifiers left out."""
    text = unicodedata.normalize("NFKC", text)
    text = identifiers.mask(text)
    numbers: list[Number] = []
    taken: list[tuple[int, int]] = []
    for ref in dates.find(text):
        taken.append((ref.start, ref.end))
        for part in (ref.year, ref.month, ref.day):
            if part is not None:
                numbers.append(Number(ref.text, Decimal(part), False))
    for match in PERCENT_ZH.finditer(text):
        raw = match.group("n")
        value = _decimal(raw) if raw[0].isdigit() else zh_numerals.parse(raw)
        if value is not None:
            numbers.append(Number(match.group(), Decimal(value), True))
            taken.append(match.span())
    for match in DIGITS.finditer(text):
        if any(match.start() < e and match.end() > s for s, e in taken):
            continue
        value = _decimal(match.group("n") + (match.group("frac") or ""))
        if value is None:
            continue
        scale = match.group("en") or match.group("zh")
        if match.group("en"):
            value *= ENGLISH_SCALES[scale.lower()]
        elif match.group("zh"):
            value *= CHINESE_SCALES[scale]
        # G20, COVID-19, 5G: digits glued to letters are part of a name, a loose candidate only.
        firm = not match.group("letter") and not match.group("code")
        numbers.append(Number(match.group().strip(), value, firm))
        taken.append(match.span())
    for match in WORD_RUN.finditer(text):
        if any(match.start() < e and match.end() > s for s, e in taken):
            continue
        value = _english_words(match.group())
        if value is not None:
            # "two million" is as firm as 2,000,000; "two" alone is loose (it may be 两, 2 or 双), and so
            # is "a million" (often a manner of speaking).
            words = set(re.split(r"[\s-]+", match.group().lower()))
            firm = bool(words & {"million", "billion", "trillion"}) and bool(words & (SMALL_WORDS.keys() - {"a"}))
            numbers.append(Number(match.group(), value, firm))
    for match in OTHER_WORD.finditer(text):
        numbers.append(Number(match.group(), Decimal(OTHER_WORDS[match.group(1).lower()]), False))
    numbers.extend(_chinese_numerals(text, taken))
    return numbers


def unmatched(one: list[Number], other: list[Number]) -> list[Number]:
    """Firm numbers of one side with no equal value among the other side's numbers."""
    values = {number.value for number in other}
    seen, missing = set(), []
    for number in one:
        if number.firm and number.value not in values and number.value not in seen:
            seen.add(number.value)
            missing.append(number)
    return missing
