"""Chinese numerals to integers: 三千 → 3000, 十九 → 19, 两万五 → 25000, 二〇二四 → 2024.

Small and strict on purpose (cn2an's "smart" mode guesses at anything): a run that is not a well-formed
numeral (七八, 十二五, 二三十: approximations and plan names) parses to None, and the caller treats its
digits as loose candidates only.
"""

from __future__ import annotations

import re

DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "壹": 1,
    "贰": 2,
    "叁": 3,
    "肆": 4,
    "伍": 5,
    "陆": 6,
    "柒": 7,
    "捌": 8,
    "玖": 9,
}
UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
NUMERAL_RUN = re.compile("[" + "".join(DIGITS) + "".join(UNITS) + "".join(BIG) + "]+")
ZEROS = "零〇"


def digit_string(run: str) -> int | None:
    """二〇二四 → 2024: digits read one by one, as years are written. None unless every char is a digit."""
    if len(run) < 2 or not all(char in DIGITS and char != "两" for char in run):
        return None
    return int("".join(str(DIGITS[char]) for char in run))


def parse(run: str) -> int | None:
    """The value of a place-value numeral (一百零五, 三亿五千万, 两千五), or None when it is not one."""
    if not run or any(char not in DIGITS and char not in UNITS and char not in BIG for char in run):
        return None
    if all(char in DIGITS for char in run):
        return DIGITS[run] if len(run) == 1 else None
    total = 0  # what is complete at 万 and 亿 level
    section = 0  # below 万
    number: int | None = None  # a digit waiting for its unit
    last_scale: int | None = None  # the unit just applied (for 两千五 = 2500)
    zero = False
    for char in run:
        if char in ZEROS:
            if number is not None:
                return None
            zero, last_scale = True, None
        elif char in DIGITS:
            if number is not None:
                return None  # 七八, 二三十: an approximation, not one number
            number = DIGITS[char]
        elif char in UNITS:
            unit = UNITS[char]
            if number is None:
                if unit == 10 and section == 0 and not zero:
                    number = 1  # 十九 = 19, 十万 = 100000
                else:
                    return None
            if section % (unit * 10):
                return None  # 十百: units must fall
            section += number * unit
            number, last_scale, zero = None, unit, False
        else:
            big = BIG[char]
            small = section + (number or 0)
            if big == 10**8:
                if not small and not total:
                    return None
                total = (total + small) * big
            else:
                if not small:
                    return None
                total += small * big
            section, number, last_scale, zero = 0, None, big, False
    if number is not None and last_scale and not zero:
        number *= last_scale // 10  # 两千五 = 2500, 一万五 = 15000, 十五 = 15
    return total + section + (number or 0)
